// Finding and reading the inputs a command was given.
//
//   auto files = khabar::ExpandInputs({"articles/", "extra.txt", "-"});
//   for (const auto& path : *files) { auto bytes = khabar::ReadInput(path); ... }
//
// Directories are walked recursively in sorted order (hidden files and folders skipped) so that runs are
// reproducible; "-" stands for standard input. Thread-safe (no shared state).
#pragma once

#include <string>
#include <vector>

#include "khabar/status.h"

namespace khabar {

// Expands directories into the regular files below them. kNotFound names the first path that does
// not exist; nothing is read.
Result<std::vector<std::string>> ExpandInputs(const std::vector<std::string>& paths);

// The whole content of a file, or of standard input for "-". kIoError with the OS reason.
// Inputs larger than `max_bytes` are refused (kUnsupported) rather than exhausting memory.
Result<std::string> ReadInput(const std::string& path, size_t max_bytes = size_t{1} << 31);

}  // namespace khabar
