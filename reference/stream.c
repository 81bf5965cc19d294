/*
 * ipcmark's C stand-in reference for one-way throughput: messages of argv[2] bytes from a parent (CPU 0) to a child
 * (CPU 1) over a pipe, an AF_UNIX stream socket pair or loopback TCP, with ipcmark's stream protocol: the receiver
 * reads every message whole and acknowledges every `batch` (16) messages with an 8-byte running count; the sender keeps
 * at most `window` (2) unacknowledged batches in flight. Only acknowledged bytes count. Prints MB/s (10^6 bytes per
 * second) and messages per second. Not ../shared/reference: that directory was not on the machine.
 *
 *   cc -O2 -o stream stream.c && ./stream pipe|unix-stream|tcp [bytes] [seconds]
 */
#define _GNU_SOURCE
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { BATCH = 16, WINDOW = 2 };

static long now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1000000000L + t.tv_nsec; }
static void pin(int c) { cpu_set_t s; CPU_ZERO(&s); CPU_SET(c, &s); sched_setaffinity(0, sizeof s, &s); }
static void die(const char *what) { perror(what); exit(1); }

static int full_write(int fd, const char *b, long n) {
    for (long d = 0; d < n;) { long r = write(fd, b + d, n - d); if (r <= 0) return -1; d += r; }
    return 0;
}

static int full_read(int fd, char *b, long n) {
    for (long d = 0; d < n;) { long r = read(fd, b + d, n - d); if (r <= 0) return -1; d += r; }
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: stream pipe|unix-stream|tcp [bytes] [seconds]\n"); return 2; }
    const char *mech = argv[1];
    long n = argc > 2 ? atol(argv[2]) : 1 << 20;
    double seconds = argc > 3 ? atof(argv[3]) : 3;
    int data_out, data_in, ack_out, ack_in;
    if (!strcmp(mech, "pipe")) {
        int d[2], a[2]; if (pipe(d) || pipe(a)) die("pipe");
        data_out = d[1]; data_in = d[0]; ack_out = a[1]; ack_in = a[0];
    } else if (!strcmp(mech, "unix-stream")) {
        int sv[2]; if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv)) die("socketpair");
        data_out = ack_in = sv[0]; data_in = ack_out = sv[1];
    } else if (!strcmp(mech, "tcp")) {
        int l = socket(AF_INET, SOCK_STREAM, 0); struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(0x7f000001)};
        socklen_t len = sizeof a; if (bind(l, (void *)&a, sizeof a) || listen(l, 1) || getsockname(l, (void *)&a, &len)) die("tcp listen");
        int c = socket(AF_INET, SOCK_STREAM, 0); if (connect(c, (void *)&a, sizeof a)) die("connect");
        int s = accept(l, 0, 0), one = 1; setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, 4); setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, 4);
        data_out = ack_in = c; data_in = ack_out = s; close(l);
    } else { fprintf(stderr, "unknown mechanism %s\n", mech); return 2; }
    char *buf = aligned_alloc(64, (n + 63) / 64 * 64); memset(buf, 7, n);
    pid_t child = fork();
    if (child == 0) {
        pin(1);
        for (long received = 0;;) {
            for (int i = 0; i < BATCH; i++) { if (full_read(data_in, buf, n)) return 0; received++; }
            if (full_write(ack_out, (char *)&received, 8)) return 0;
        }
    }
    pin(0);
    long sent = 0, acked = 0, start = 0, counted = 0, warmup = now() + 1000000000L, end = 0;
    for (;;) {
        while (sent - acked < (long)BATCH * WINDOW) { if (full_write(data_out, buf, n)) die("write"); sent++; }
        if (full_read(ack_in, (char *)&acked, 8)) die("read ack");
        long t = now();
        if (!start && t >= warmup) { start = t; counted = acked; }
        if (start && t - start >= (long)(seconds * 1e9)) { end = t; break; }
    }
    double s = (end - start) / 1e9, msgs = acked - counted;
    printf("%s %ld B MB/s %.0f msgs/s %.0f\n", mech, n, msgs * n / s / 1e6, msgs / s);
    close(data_out); close(ack_in);
    kill(child, SIGKILL); waitpid(child, 0, 0);
    return 0;
}
