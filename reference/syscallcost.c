// One write(2) and one read(2) of 64 bytes through a pipe, in one thread, as fast as they go: the cost of the pair
// without any other process. Built twice by reference/compare-syscall: as a program (argument "thread" starts an idle
// second thread first) and as a library whose pairs() the JVM calls once, to time the same loop inside a JVM.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

// Runs count pairs on the pipe (rfd, wfd); returns nanoseconds per pair, or -1 on a short transfer.
double pairs(int rfd, int wfd, char *buffer, long count) {
    double start = now_ns();
    for (long i = 0; i < count; i++) {
        if (write(wfd, buffer, 64) != 64 || read(rfd, buffer, 64) != 64) {
            return -1;
        }
    }
    return (now_ns() - start) / count;
}

#ifndef LIBRARY
static int by_value(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

static void *idle(void *unused) {
    for (;;) {
        pause();
    }
    return unused;
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "thread") == 0) {
        pthread_t t;
        pthread_create(&t, NULL, idle, NULL);
    }
    int p[2];
    char buffer[64] = {0};
    if (pipe(p) != 0) {
        perror("pipe");
        return 1;
    }
    // Rounds of a million pairs: the first two warm up, the median of the other five is printed.
    double ns[7];
    for (int r = 0; r < 7; r++) {
        ns[r] = pairs(p[0], p[1], buffer, 1000000);
    }
    qsort(ns + 2, 5, sizeof(double), by_value);
    printf("%.1f\n", ns[4]);
    return 0;
}
#endif
