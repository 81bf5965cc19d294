/*
 * ipcmark's C stand-in reference: 64-byte (or argv[2]) ping-pong between two processes over one mechanism, both pinned
 * (parent on CPU 0, child on CPU 1), the same design as ipcmark's ping-pong (blocking calls; shm spins on sequence
 * counters). Prints the median and 99th percentile round trip in nanoseconds. Not ../shared/reference: that directory
 * was not on the machine, so this file stands in for it and says so.
 *
 * shm-ring is shm-spin with ipcmark's own ring protocol (ShmLayout): a published and a consumed counter per direction,
 * each on its own 128-byte block, a flow-control check before every write, and a 64-byte chunk-length header before the
 * payload. It tells the cost of that protocol apart from the cost of Java.
 *
 * shm-sysv-sem, shm-pthread-mutex and shm-eventfd are ipcmark's sync strategies sysv-sem, pthread-mutex and eventfd over
 * the same counters: per direction "filled" and "free" semaphores, a System V set or two EFD_SEMAPHORE eventfds (P free,
 * write, V filled; P filled, read, V free), with shm-posix-mq one-byte tokens through a "ready" and an "ok" queue
 * (shm-sysv-mq: one System V queue per ring, "ready" and "ok" as message types 1 and 2; shm-rt-signal: SIGRTMIN + 8
 * queued to a waiter that has said it is about to sleep), or
 * a process-shared mutex and condition (a waiter locks, re-checks the counter and sleeps; a signaller locks, signals and
 * unlocks after its counter store).
 *
 *   cc -O2 -o pingpong pingpong.c -lrt && ./pingpong MECHANISM [bytes] [count], MECHANISM one of pipe, unix-stream,
 *   tcp, posix-mq, sysv-mq, shm-spin, shm-ring, shm-sysv-sem, shm-pthread-mutex, shm-eventfd, shm-posix-mq,
 *   shm-sysv-mq, shm-rt-signal, cma, memfd, pipe-vmsplice, eventfd (8 bytes only)
 *
 * cma is ipcmark's cma transport: the receiver announces its buffer (address, size, then the count with release) in a
 * shared control area, the sender copies into it with process_vm_writev and stores the count as delivered; both spin.
 *
 * pipe-vmsplice is ipcmark's pipe with write: vmsplice: the sender gives the pipe its pages (vmsplice), the reader
 * reads them out as from any pipe.
 *
 * eventfd is ipcmark's eventfd transport: one eventfd counter per direction (inherited over fork here, handed over
 * with SCM_RIGHTS by ipcmark), an 8-byte message v written as v + 1 and read back whole.
 *
 * memfd is ipcmark's memfd transport: each message is written into a new memfd, sealed (write, shrink, grow, seal) and
 * its descriptor sent with SCM_RIGHTS on one byte over an AF_UNIX stream socket; the receiver checks the seals and the
 * size, reads the message out with pread and closes it.
 *
 * CHURN_US=N in the environment gives each process a thread that maps, touches and unmaps a page every N microseconds,
 * unpinned: the page activity a JVM has and a bare C loop does not. memfd's F_SEAL_WRITE drains every CPU's pending page
 * batches (lru_add_drain_all), so its round trip depends on it (see the README).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <mqueue.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/uio.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1000000000L + t.tv_nsec; }
static void pin(int c) { cpu_set_t s; CPU_ZERO(&s); CPU_SET(c, &s); sched_setaffinity(0, sizeof s, &s); }
static int cmp(const void *a, const void *b) { long x = *(const long *)a, y = *(const long *)b; return x < y ? -1 : x > y; }
static void die(const char *what) { perror(what); exit(1); }

static int n;
static int out_fd, in_fd;                 /* pipe, unix-stream, tcp: this side's write and read descriptors */
static mqd_t out_mq, in_mq;               /* posix-mq */
static int out_q, in_q;                   /* sysv-mq */
static struct { long type; char text[1 << 16]; } msg;
static volatile atomic_long *shm;         /* shm-spin: [0] ping count, [16] pong count (separate 128-byte blocks) */
static char *shm_data;

static void xfer_write(int fd, char *b) { int d = 0; while (d < n) { int r = write(fd, b + d, n - d); if (r <= 0) exit(0); d += r; } }
static void xfer_vmsplice(int fd, char *b) { int d = 0; while (d < n) { struct iovec v = {b + d, n - d}; long r = vmsplice(fd, &v, 1, 0); if (r <= 0) exit(0); d += r; } }
static void xfer_read(int fd, char *b) { int d = 0; while (d < n) { int r = read(fd, b + d, n - d); if (r <= 0) exit(0); d += r; } }

/* shm-ring: [0] published 0, [128] consumed 0, [256] published 1, [384] consumed 1; ring r's one slot at 4096 + r * 65600 */
static char *ring;
#define PUB(r) ((volatile atomic_long *)(ring + 256 * (r)))
#define CONS(r) ((volatile atomic_long *)(ring + 256 * (r) + 128))
#define SLOT(r) (ring + 4096 + (r) * 65600)
static void ring_send(int r, char *b, long seq) {
    while (seq - atomic_load_explicit(CONS(r), memory_order_acquire) > 1) __builtin_ia32_pause();
    *(long *)SLOT(r) = n; memcpy(SLOT(r) + 64, b, n);
    atomic_store_explicit(PUB(r), seq, memory_order_release);
}
static void ring_recv(int r, char *b, long seq) {
    while (atomic_load_explicit(PUB(r), memory_order_acquire) < seq) __builtin_ia32_pause();
    if (*(long *)SLOT(r) != n) exit(3);
    memcpy(b, SLOT(r) + 64, n);
    atomic_store_explicit(CONS(r), seq, memory_order_release);
}

/* shm-sysv-sem and shm-pthread-mutex: ring r's published counter at [r * 32], consumed at [r * 32 + 16] (128-byte
 * blocks), its data at 4096 + r * 65536; semaphores 2r (filled) and 2r + 1 (free) of one set; a mutex and a condition
 * per ring at 1024 + r * 128 (after the counters' blocks, as ipcmark keeps them in the counters' sync areas). */
static volatile atomic_long *ctr;
static int sem_id;
static char *sync_mem;
#define MUTEX(r) ((pthread_mutex_t *)(sync_mem + 1024 + (r) * 128))
#define COND(r) ((pthread_cond_t *)(sync_mem + 1024 + (r) * 128 + 64))
static mqd_t smq[4]; /* shm-posix-mq: ring r's "ready" queue at 2r, "ok" at 2r + 1, one-byte tokens, inherited */
static void mq_take(mqd_t q) { char t; if (mq_receive(q, &t, 1, 0) != 1) exit(0); }
static void mq_give(mqd_t q) { char t = 1; if (mq_send(q, &t, 1, 0)) exit(0); }
static int smsq[2]; /* shm-sysv-mq: ring r's System V queue, "ready" tokens of type 1 and "ok" of type 2 */
static void msq_take(int q, long type) { struct { long t; char c; } m; if (msgrcv(q, &m, 1, type, 0) != 1) exit(0); }
static void msq_give(int q, long type) { struct { long t; char c; } m = {type, 1}; if (msgsnd(q, &m, 1, 0)) exit(0); }
/* shm-rt-signal: ring r's waiter flag at ctr[r * 32 + 8] ("about to sleep"), its PID at ctr[r * 32 + 9] (the
 * consumer's); the producer, after its counter store, sends SIGRTMIN + 8 with the sequence number if the flag is up. */
static sigset_t rt_set;
static pid_t rt_peer;
static void rt_wait(int r, long seq, int idx) {
    while (atomic_load_explicit(&ctr[r * 32 + idx], memory_order_acquire) < seq) {
        atomic_store(&ctr[r * 32 + 8 + (idx ? 2 : 0)], 1);
        if (atomic_load(&ctr[r * 32 + idx]) < seq) { struct timespec t = {0, 100000000}; sigtimedwait(&rt_set, 0, &t); }
        atomic_store(&ctr[r * 32 + 8 + (idx ? 2 : 0)], 0);
    }
}
static void rt_wake(int r, long seq, int idx) {
    atomic_thread_fence(memory_order_seq_cst);
    if (atomic_load(&ctr[r * 32 + 8 + (idx ? 2 : 0)])) { union sigval v = {.sival_ptr = (void *)seq}; sigqueue(rt_peer, SIGRTMIN + 8, v); }
}
static int efd[4]; /* shm-eventfd: ring r's "filled" at 2r, "free" at 2r + 1, EFD_SEMAPHORE, inherited by the child */
static void efd_take(int fd) { long v; if (read(fd, &v, 8) != 8) exit(0); }
static void efd_post(int fd) { long v = 1; if (write(fd, &v, 8) != 8) exit(0); }
static void sem_step(int sem, int delta) { struct sembuf op = {sem, delta, 0}; if (semop(sem_id, &op, 1)) exit(0); }
static int is_sync(const char *mech) {
    return !strcmp(mech, "shm-sysv-sem") || !strcmp(mech, "shm-pthread-mutex") || !strcmp(mech, "shm-eventfd")
        || !strcmp(mech, "shm-posix-mq") || !strcmp(mech, "shm-sysv-mq") || !strcmp(mech, "shm-rt-signal");
}
static void sync_send(const char *mech, int r, char *b, long seq) {
    int mutex = !strcmp(mech, "shm-pthread-mutex"), eventfd = !strcmp(mech, "shm-eventfd"), mq = !strcmp(mech, "shm-posix-mq");
    int msq = !strcmp(mech, "shm-sysv-mq"), rt = !strcmp(mech, "shm-rt-signal");
    if (rt) { memcpy(sync_mem + 4096 + r * 65536, b, n); atomic_store_explicit(&ctr[r * 32], seq, memory_order_release); rt_wake(r, seq, 0); return; }
    if (msq) msq_take(smsq[r], 2);
    else if (mq) mq_take(smq[2 * r + 1]);
    else if (eventfd) efd_take(efd[2 * r + 1]);
    else if (!mutex) sem_step(2 * r + 1, -1);
    memcpy(sync_mem + 4096 + r * 65536, b, n);
    atomic_store_explicit(&ctr[r * 32], seq, memory_order_release);
    if (mutex) { pthread_mutex_lock(MUTEX(r)); pthread_cond_signal(COND(r)); pthread_mutex_unlock(MUTEX(r)); }
    else if (msq) msq_give(smsq[r], 1);
    else if (mq) mq_give(smq[2 * r]);
    else if (eventfd) efd_post(efd[2 * r]);
    else sem_step(2 * r, 1);
}
static void sync_recv(const char *mech, int r, char *b, long seq) {
    int mutex = !strcmp(mech, "shm-pthread-mutex"), eventfd = !strcmp(mech, "shm-eventfd"), mq = !strcmp(mech, "shm-posix-mq");
    int msq = !strcmp(mech, "shm-sysv-mq"), rt = !strcmp(mech, "shm-rt-signal");
    if (rt) { rt_wait(r, seq, 0); memcpy(b, sync_mem + 4096 + r * 65536, n); atomic_store_explicit(&ctr[r * 32 + 16], seq, memory_order_release); return; }
    if (mutex) {
        if (atomic_load_explicit(&ctr[r * 32], memory_order_acquire) < seq) {
            pthread_mutex_lock(MUTEX(r));
            while (atomic_load_explicit(&ctr[r * 32], memory_order_acquire) < seq) pthread_cond_wait(COND(r), MUTEX(r));
            pthread_mutex_unlock(MUTEX(r));
        }
    } else if (msq) msq_take(smsq[r], 1);
    else if (mq) mq_take(smq[2 * r]);
    else if (eventfd) efd_take(efd[2 * r]);
    else sem_step(2 * r, -1);
    memcpy(b, sync_mem + 4096 + r * 65536, n);
    atomic_store_explicit(&ctr[r * 32 + 16], seq, memory_order_release);
    if (mutex) { pthread_mutex_lock(MUTEX(r)); pthread_cond_signal(COND(r)); pthread_mutex_unlock(MUTEX(r)); }
    else if (msq) msq_give(smsq[r], 2);
    else if (mq) mq_give(smq[2 * r + 1]);
    else if (eventfd) efd_post(efd[2 * r + 1]);
    else sem_step(2 * r + 1, 1);
}

/* cma: direction d's announcement at [48 + d * 32] (count, address, size) and its delivered count at [64 + d * 32], in
 * longs: the same 128-byte blocks as ipcmark's CmaLayout. */
static volatile atomic_long *cma;
static pid_t cma_other;
static void cma_send(int d, char *b, long seq) {
    while (atomic_load_explicit(&cma[48 + d * 32], memory_order_acquire) < seq) __builtin_ia32_pause();
    struct iovec local = {b, n}, remote = {(void *)cma[48 + d * 32 + 1], (size_t)cma[48 + d * 32 + 2]};
    if (remote.iov_len != (size_t)n || process_vm_writev(cma_other, &local, 1, &remote, 1, 0) != n) die("process_vm_writev");
    atomic_store_explicit(&cma[64 + d * 32], seq, memory_order_release);
}
static void cma_recv(int d, char *b, long seq) {
    cma[48 + d * 32 + 1] = (long)b; cma[48 + d * 32 + 2] = n;
    atomic_store_explicit(&cma[48 + d * 32], seq, memory_order_release);
    while (atomic_load_explicit(&cma[64 + d * 32], memory_order_acquire) < seq) __builtin_ia32_pause();
}

/* memfd: one byte carrying one descriptor per message, as ipcmark's DescriptorPassing */
static void memfd_send(char *b) {
    int fd = memfd_create("ipcmark", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (fd < 0 || pwrite(fd, b, n, 0) != n) die("memfd write");
    if (fcntl(fd, F_ADD_SEALS, F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE)) die("F_ADD_SEALS");
    char byte = 0, space[CMSG_SPACE(sizeof(int))];
    struct iovec iov = {&byte, 1};
    struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = space, .msg_controllen = sizeof space};
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET; c->cmsg_type = SCM_RIGHTS; c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &fd, sizeof fd);
    if (sendmsg(out_fd, &m, MSG_NOSIGNAL) != 1) exit(0);
    close(fd);
}

static void memfd_recv(char *b) {
    char byte, space[CMSG_SPACE(sizeof(int))];
    struct iovec iov = {&byte, 1};
    struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = space, .msg_controllen = sizeof space};
    if (recvmsg(in_fd, &m, MSG_CMSG_CLOEXEC) != 1) exit(0);
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    if (!c || c->cmsg_type != SCM_RIGHTS || c->cmsg_len != CMSG_LEN(sizeof(int)) || (m.msg_flags & MSG_CTRUNC)) die("SCM_RIGHTS");
    int fd; memcpy(&fd, CMSG_DATA(c), sizeof fd);
    int want = F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE;
    if ((fcntl(fd, F_GET_SEALS) & want) != want || lseek(fd, 0, SEEK_END) != n) die("memfd check");
    if (pread(fd, b, n, 0) != n) die("pread");
    close(fd);
}

static int evfd[2]; /* eventfd: the parent's messages go into [0], the child's into [1] */

static void send_msg(const char *mech, char *b, long seq, int child) {
    if (!strcmp(mech, "eventfd")) { uint64_t v; memcpy(&v, b, 8); v++; if (write(evfd[child], &v, 8) != 8) exit(0); return; }
    if (!strcmp(mech, "memfd")) { memfd_send(b); return; }
    if (!strcmp(mech, "cma")) { cma_send(child, b, seq); return; }
    if (is_sync(mech)) { sync_send(mech, child, b, seq); return; }
    if (!strcmp(mech, "shm-ring")) { ring_send(child, b, seq); return; }
    if (!strcmp(mech, "posix-mq")) { if (mq_send(out_mq, b, n, 0)) die("mq_send"); }
    else if (!strcmp(mech, "sysv-mq")) { msg.type = 1; memcpy(msg.text, b, n); if (msgsnd(out_q, &msg, n, 0)) exit(0); }
    else if (!strcmp(mech, "shm-spin")) { memcpy(shm_data + (child ? 65536 : 0), b, n); atomic_store_explicit(&shm[child ? 16 : 0], seq, memory_order_release); }
    else if (!strcmp(mech, "pipe-vmsplice")) xfer_vmsplice(out_fd, b);
    else xfer_write(out_fd, b);
}

static void recv_msg(const char *mech, char *b, long seq, int child) {
    if (!strcmp(mech, "eventfd")) { uint64_t v; if (read(evfd[1 - child], &v, 8) != 8) exit(0); v--; memcpy(b, &v, 8); return; }
    if (!strcmp(mech, "memfd")) { memfd_recv(b); return; }
    if (!strcmp(mech, "cma")) { cma_recv(1 - child, b, seq); return; }
    if (is_sync(mech)) { sync_recv(mech, 1 - child, b, seq); return; }
    if (!strcmp(mech, "shm-ring")) { ring_recv(1 - child, b, seq); return; }
    if (!strcmp(mech, "posix-mq")) { if (mq_receive(in_mq, b, n, 0) != n) exit(0); }
    else if (!strcmp(mech, "sysv-mq")) { if (msgrcv(in_q, &msg, n, 0, 0) != n) exit(0); memcpy(b, msg.text, n); }
    else if (!strcmp(mech, "shm-spin")) {
        while (atomic_load_explicit(&shm[child ? 0 : 16], memory_order_acquire) < seq) __builtin_ia32_pause();
        memcpy(b, shm_data + (child ? 0 : 65536), n);
    }
    else xfer_read(in_fd, b);
}

static void *churn(void *arg) {
    long us = (long)arg;
    for (;;) {
        char *p = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) die("mmap");
        p[0] = 1;
        munmap(p, 4096);
        usleep(us);
    }
    return 0;
}

static void start_churn(void) {
    const char *us = getenv("CHURN_US");
    pthread_t t;
    if (us && atol(us) > 0 && pthread_create(&t, 0, churn, (void *)atol(us))) die("pthread_create");
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: pingpong pipe|unix-stream|tcp|posix-mq|sysv-mq|shm-spin|shm-ring|shm-sysv-sem|shm-pthread-mutex|shm-eventfd|shm-posix-mq|shm-sysv-mq|shm-rt-signal|cma|memfd|pipe-vmsplice|eventfd [bytes] [count]\n"); return 2; }
    const char *mech = argv[1];
    n = argc > 2 ? atoi(argv[2]) : 64;
    int count = argc > 3 ? atoi(argv[3]) : 200000, warm = count / 5;
    int c_out = -1, c_in = -1, p_out = -1, p_in = -1;
    if (!strcmp(mech, "pipe") || !strcmp(mech, "pipe-vmsplice")) {
        int a[2], b[2]; if (pipe(a) || pipe(b)) die("pipe");
        p_out = a[1]; c_in = a[0]; c_out = b[1]; p_in = b[0];
    } else if (!strcmp(mech, "unix-stream") || !strcmp(mech, "memfd")) {
        int sv[2]; if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv)) die("socketpair");
        p_out = p_in = sv[0]; c_out = c_in = sv[1];
    } else if (!strcmp(mech, "tcp")) {
        int l = socket(AF_INET, SOCK_STREAM, 0); struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(0x7f000001)};
        socklen_t len = sizeof a; if (bind(l, (void *)&a, sizeof a) || listen(l, 1) || getsockname(l, (void *)&a, &len)) die("tcp listen");
        int c = socket(AF_INET, SOCK_STREAM, 0); if (connect(c, (void *)&a, sizeof a)) die("connect");
        int s = accept(l, 0, 0), one = 1; setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, 4); setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, 4);
        p_out = p_in = s; c_out = c_in = c; close(l);
    } else if (!strcmp(mech, "posix-mq")) {
        struct mq_attr at = {.mq_maxmsg = 10, .mq_msgsize = n}; char a[64], b[64];
        snprintf(a, sizeof a, "/ipcmark-ref-%d-a", getpid()); snprintf(b, sizeof b, "/ipcmark-ref-%d-b", getpid());
        out_mq = mq_open(a, O_RDWR | O_CREAT | O_EXCL, 0600, &at); in_mq = mq_open(b, O_RDWR | O_CREAT | O_EXCL, 0600, &at);
        if (out_mq < 0 || in_mq < 0) die("mq_open"); mq_unlink(a); mq_unlink(b);
    } else if (!strcmp(mech, "sysv-mq")) {
        out_q = msgget(IPC_PRIVATE, 0600); in_q = msgget(IPC_PRIVATE, 0600); if (out_q < 0 || in_q < 0) die("msgget");
    } else if (!strcmp(mech, "shm-spin")) {
        char *m = mmap(0, 1 << 20, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0); if (m == MAP_FAILED) die("mmap");
        shm = (void *)m; shm_data = m + 4096;
    } else if (!strcmp(mech, "shm-ring")) {
        ring = mmap(0, 1 << 20, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0); if (ring == MAP_FAILED) die("mmap");
    } else if (is_sync(mech)) {
        sync_mem = mmap(0, 1 << 20, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0); if (sync_mem == MAP_FAILED) die("mmap");
        ctr = (void *)sync_mem;
        if (!strcmp(mech, "shm-posix-mq")) {
            struct mq_attr at = {.mq_maxmsg = 1, .mq_msgsize = 1};
            for (int i = 0; i < 4; i++) {
                char name[64]; snprintf(name, sizeof name, "/ipcmark-ref-%d-%d", getpid(), i);
                if ((smq[i] = mq_open(name, O_RDWR | O_CREAT | O_EXCL, 0600, &at)) < 0) die("mq_open");
                mq_unlink(name);
            }
            mq_give(smq[1]); mq_give(smq[3]);
        } else if (!strcmp(mech, "shm-rt-signal")) {
            sigemptyset(&rt_set); sigaddset(&rt_set, SIGRTMIN + 8); sigprocmask(SIG_BLOCK, &rt_set, 0);
        } else if (!strcmp(mech, "shm-sysv-mq")) {
            for (int r = 0; r < 2; r++) { if ((smsq[r] = msgget(IPC_PRIVATE, 0600)) < 0) die("msgget"); msq_give(smsq[r], 2); }
        } else if (!strcmp(mech, "shm-eventfd")) {
            for (int i = 0; i < 4; i++) if ((efd[i] = eventfd(i % 2, EFD_SEMAPHORE)) < 0) die("eventfd");
        } else if (!strcmp(mech, "shm-sysv-sem")) {
            sem_id = semget(IPC_PRIVATE, 4, 0600); if (sem_id < 0) die("semget");
            semctl(sem_id, 1, SETVAL, 1); semctl(sem_id, 3, SETVAL, 1);
        } else {
            pthread_mutexattr_t ma; pthread_condattr_t ca;
            pthread_mutexattr_init(&ma); pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED); pthread_mutexattr_setrobust(&ma, PTHREAD_MUTEX_ROBUST);
            pthread_condattr_init(&ca); pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED);
            for (int r = 0; r < 2; r++) { pthread_mutex_init(MUTEX(r), &ma); pthread_cond_init(COND(r), &ca); }
        }
    } else if (!strcmp(mech, "eventfd")) {
        if (n != 8) { fprintf(stderr, "eventfd carries 8-byte messages\n"); return 2; }
        if ((evfd[0] = eventfd(0, 0)) < 0 || (evfd[1] = eventfd(0, 0)) < 0) die("eventfd");
    } else if (!strcmp(mech, "cma")) {
        cma = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0); if (cma == MAP_FAILED) die("mmap");
    } else { fprintf(stderr, "unknown mechanism %s\n", mech); return 2; }
    char *buf = aligned_alloc(64, 1 << 16); memset(buf, 7, 1 << 16);
    pid_t child = fork();
    if (child == 0) {
        pin(1);
        start_churn();
        cma_other = getppid(); rt_peer = getppid();
        if (!strcmp(mech, "posix-mq")) { mqd_t t = out_mq; out_mq = in_mq; in_mq = t; }
        else if (!strcmp(mech, "sysv-mq")) { int t = out_q; out_q = in_q; in_q = t; }
        else { out_fd = c_out; in_fd = c_in; }
        for (long seq = 1; seq <= count + warm; seq++) { recv_msg(mech, buf, seq, 1); send_msg(mech, buf, seq, 1); }
        return 0;
    }
    pin(0);
    start_churn();
    out_fd = p_out; in_fd = p_in; cma_other = child; rt_peer = child;
    long *lat = malloc(sizeof(long) * count);
    for (long seq = 1; seq <= count + warm; seq++) {
        long t = now(); send_msg(mech, buf, seq, 0); recv_msg(mech, buf, seq, 0);
        if (seq > warm) lat[seq - warm - 1] = now() - t;
    }
    waitpid(child, 0, 0);
    if (!strcmp(mech, "sysv-mq")) { msgctl(out_q, IPC_RMID, 0); msgctl(in_q, IPC_RMID, 0); }
    if (!strcmp(mech, "shm-sysv-sem")) semctl(sem_id, 0, IPC_RMID);
    if (!strcmp(mech, "shm-sysv-mq")) { msgctl(smsq[0], IPC_RMID, 0); msgctl(smsq[1], IPC_RMID, 0); }
    qsort(lat, count, sizeof(long), cmp);
    printf("%s %d B p50 %ld ns p99 %ld ns\n", mech, n, lat[count / 2], lat[count * 99 / 100]);
    return 0;
}
