/* Binds to the old, non-default version vers_value@VERS_1.0 and prints 1. */
#include <stdio.h>

__asm__(".symver vers_value, vers_value@VERS_1.0");
int vers_value(void);

int main(void) {
    printf("%d\n", vers_value());
    return 0;
}
