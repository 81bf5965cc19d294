-- The results store: one schema for SQLite and PostgreSQL (types both understand; ${binary} is BLOB or BYTEA).
-- Keys are text made from the runs themselves, so importing a run twice finds it already there.

CREATE TABLE machine (
    machine_key   TEXT PRIMARY KEY,          -- SHA-256 of the hostname and the machine identity
    hostname      TEXT NOT NULL,
    cpu_model     TEXT NOT NULL,
    cpus          TEXT NOT NULL,
    arch          TEXT NOT NULL,
    kernel        TEXT NOT NULL,             -- major.minor
    java          TEXT NOT NULL,             -- feature version
    memory_kib    BIGINT NOT NULL,
    environment   TEXT NOT NULL              -- the whole fingerprint, JSON
);

CREATE TABLE run (
    run_key          TEXT PRIMARY KEY,       -- SHA-256 of hostname, run id and start time
    run_id           TEXT NOT NULL,
    machine_key      TEXT NOT NULL REFERENCES machine (machine_key),
    machine_class    TEXT NOT NULL,          -- e.g. amd64-2cpu-amd-epyc-7b13-23gib, or what --machine-class said
    state            TEXT NOT NULL,          -- finished, running, interrupted, failed
    complete         INTEGER NOT NULL,       -- 1 when finished: only complete runs make history
    reason           TEXT,
    started_at       TEXT NOT NULL,
    started_ms       BIGINT NOT NULL,
    finished_at      TEXT,
    command          TEXT,
    scenario_name    TEXT NOT NULL,
    scenario_file    TEXT,
    scenario_sha256  TEXT,
    scenario         TEXT NOT NULL,          -- the resolved scenario, JSON
    git_commit       TEXT,
    git_branch       TEXT,
    git_dirty        INTEGER,
    ipcmark_version  TEXT,
    jmh_version      TEXT,
    java_version     TEXT,
    fork_order       TEXT,
    seed             BIGINT,
    format_version   INTEGER NOT NULL,
    record           TEXT NOT NULL,          -- run.json as ipcmark wrote it
    recorded_at      TEXT NOT NULL
);
CREATE INDEX run_by_time ON run (started_ms);
CREATE INDEX run_by_branch ON run (git_branch, started_ms);
CREATE INDEX run_by_class ON run (machine_class, scenario_name, started_ms);

CREATE TABLE run_tag (
    run_key TEXT NOT NULL REFERENCES run (run_key),
    name    TEXT NOT NULL,
    value   TEXT NOT NULL,
    PRIMARY KEY (run_key, name)
);

-- Every figure of summary.csv; *_low and *_high: the 95 % interval of the run's median (or rate) from resampling its
-- forks and iterations.
CREATE TABLE case_result (
    run_key         TEXT NOT NULL REFERENCES run (run_key),
    case_key        TEXT NOT NULL,
    pattern         TEXT NOT NULL,
    transport       TEXT NOT NULL,
    message_bytes   BIGINT NOT NULL,
    knobs           TEXT NOT NULL,           -- JSON
    status          TEXT NOT NULL,
    reason          TEXT,
    seconds         DOUBLE PRECISION,
    forks           INTEGER,
    samples         BIGINT,
    p50_ns          BIGINT,
    p90_ns          BIGINT,
    p99_ns          BIGINT,
    p999_ns         BIGINT,
    p9999_ns        BIGINT,
    max_ns          BIGINT,
    mean_ns         DOUBLE PRECISION,
    ops_per_s       DOUBLE PRECISION,
    bytes_per_s     DOUBLE PRECISION,
    producer_min_msgs_per_s DOUBLE PRECISION,
    producer_max_msgs_per_s DOUBLE PRECISION,
    jmh_score       DOUBLE PRECISION,
    jmh_error       DOUBLE PRECISION,
    jmh_unit        TEXT,
    p50_low         DOUBLE PRECISION,
    p50_high        DOUBLE PRECISION,
    p99_low         DOUBLE PRECISION,
    p99_high        DOUBLE PRECISION,
    self_user_ns    DOUBLE PRECISION,
    self_sys_ns     DOUBLE PRECISION,
    self_vcsw       DOUBLE PRECISION,
    self_ivcsw      DOUBLE PRECISION,
    self_minflt     DOUBLE PRECISION,
    self_majflt     DOUBLE PRECISION,
    peer_user_ns    DOUBLE PRECISION,
    peer_sys_ns     DOUBLE PRECISION,
    peer_vcsw       DOUBLE PRECISION,
    peer_ivcsw      DOUBLE PRECISION,
    peer_minflt     DOUBLE PRECISION,
    peer_majflt     DOUBLE PRECISION,
    PRIMARY KEY (run_key, case_key)
);
CREATE INDEX case_by_key ON case_result (case_key, run_key);

-- The per-fork, per-iteration samples: metric p50Ns, p99Ns, messagesPerSecond (what the gate tests) or meanNs.
CREATE TABLE sample (
    run_key   TEXT NOT NULL REFERENCES run (run_key),
    case_key  TEXT NOT NULL,
    metric    TEXT NOT NULL,
    fork      INTEGER NOT NULL,
    iteration INTEGER NOT NULL,
    value     DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (run_key, case_key, metric, fork, iteration)
);

-- Each case's histograms in HdrHistogram's compressed encoding (tag '' is the main one, others as in parts.csv):
-- every percentile can be recomputed from the store alone.
CREATE TABLE histogram (
    run_key  TEXT NOT NULL REFERENCES run (run_key),
    case_key TEXT NOT NULL,
    tag      TEXT NOT NULL,
    encoding TEXT NOT NULL,                  -- hdrhistogram-compressed
    data     ${binary} NOT NULL,
    PRIMARY KEY (run_key, case_key, tag)
);

-- The calibration probes, one row per round.
CREATE TABLE probe (
    run_key      TEXT NOT NULL REFERENCES run (run_key),
    probe        TEXT NOT NULL,
    round        INTEGER NOT NULL,
    nanos_per_op DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (run_key, probe, round)
);
