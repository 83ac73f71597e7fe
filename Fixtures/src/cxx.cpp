// libcxx.so and the cxx wheel: libstdc++ with GLIBCXX/CXXABI versions.
// std::random_device::entropy() needs GLIBCXX_3.4.25 (manylinux_2_27 or newer on x86_64).
// cxx_value() == 7 (the length of "cxx2025").
#include <random>
#include <sstream>
#include <string>

extern "C" __attribute__((visibility("hidden"))) long fixture_value(void);

extern "C" long cxx_value(void) {
    std::ostringstream out;
    out << "cxx" << 2025;
    std::string s = out.str();
    std::random_device rd;
    volatile double e = rd.entropy();
    (void)e;
    return static_cast<long>(s.size());
}

extern "C" long fixture_value(void) { return cxx_value(); }
