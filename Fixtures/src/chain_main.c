/* chain_rpath / chain_runpath: NEEDED liba.so.1 only; libb.so.1 is an indirect dependency. */
#include <stdio.h>

int liba_value(void);

int main(void) {
    printf("%d\n", liba_value());
    return 0;
}
