/* libisa_v3.so: compiled with -march=x86-64-v3 -mneeded, so .note.gnu.property says
 * "x86 ISA needed: x86-64-baseline, x86-64-v2, x86-64-v3". */
int isa_sum(const int *a, int n) {
    int s = 0;
    for (int i = 0; i < n; i++) s += a[i];
    return s;
}
