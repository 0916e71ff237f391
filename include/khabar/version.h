// khabar's version, as printed by `khabar --version`.
#pragma once

namespace khabar {
inline constexpr const char* kVersion = "0.1.0";
}  // namespace khabar
