/* The script wheel's executable (<dist>-1.0.0.data/scripts/fxscript): needs libouter.so.1. */
#include <stdio.h>

int outer_value(void);

int main(void) {
    printf("%d\n", outer_value());
    return 0;
}
