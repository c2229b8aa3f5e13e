/*
 * bench/read_floor.c - the start-up floor: a C program that links only libc,
 * reads each file named on its command line whole into memory and adds up
 * its bytes (so the read cannot be skipped), as a one-shot tool a script
 * calls per file must at least do.  Prints "<files> <bytes> <sum>".
 *
 * Built by bench/run.sh with cc -O2; `kaiji --version` and `kaiji validate`
 * of one file are compared with it, one process per call (bench/startup.py).
 */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    unsigned long long bytes = 0, sum = 0;
    static unsigned char buf[1 << 16];
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            perror(argv[i]);
            return 1;
        }
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
            bytes += n;
            for (size_t k = 0; k < n; k++)
                sum += buf[k];
        }
        fclose(f);
    }
    printf("%d %llu %llu\n", argc - 1, bytes, sum);
    return 0;
}
