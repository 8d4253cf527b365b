// crmwb protect: personal data found, and protected exports (cli/protect.cpp).
#pragma once

#include <string>

#include "args.h"

namespace crm::cli {

/// crmwb protect IN (--detect | --config P.json --out OUT.csv) [--key-file K | --new-key-file K]
/// [--json]; `file` names the input being read for error messages.
int cmd_protect(Args& args, Io& io, std::string& file);

}  // namespace crm::cli
