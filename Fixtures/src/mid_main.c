/* mid_rpath / mid_runpath: NEEDED libmid_*.so.1, which needs liba.so.1, which needs libb.so.1. */
#include <stdio.h>

int mid_value(void);

int main(void) {
    printf("%d\n", mid_value());
    return 0;
}
