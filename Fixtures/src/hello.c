/* PIE / non-PIE executables: print the default version of vers_value (2) from libversioned.so. */
#include <stdio.h>

int vers_value(void);

int main(void) {
    printf("%d\n", vers_value());
    return 0;
}
