/* isa wheel: compiled with -march=x86-64-v3 -mneeded, so the object carries a
 * GNU_PROPERTY_X86_ISA_1_NEEDED note naming x86-64-v3. value() == 55. */
#include "fixture.h"

static volatile int data[10] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

long fixture_value(void) {
    long sum = 0;
    for (int i = 0; i < 10; i++) sum += data[i];
    return sum;
}
