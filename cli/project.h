// crmwb encrypt / decrypt / project info (cli/project.cpp).
#pragma once

#include <string>

#include "args.h"

namespace crm::cli {

/// Runs `crmwb encrypt`, `crmwb decrypt` or `crmwb project SUB` (`cmd` is the command word);
/// `file` names the input being read for error messages.
int cmd_project(const std::string& cmd, Args& args, Io& io, std::string& file);

}  // namespace crm::cli
