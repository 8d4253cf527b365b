#include <gtest/gtest.h>
TEST(Placeholder, sniff) { SUCCEED(); }
