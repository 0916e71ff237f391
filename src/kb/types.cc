#include <cctype>
#include <string>

#include "khabar/kb.h"

namespace khabar::kb {

std::string_view EntityTypeName(EntityType type) {
  switch (type) {
    case EntityType::kPer:
      return "PER";
    case EntityType::kOrg:
      return "ORG";
    case EntityType::kLoc:
      return "LOC";
    case EntityType::kGpe:
      return "GPE";
    case EntityType::kMisc:
      return "MISC";
  }
  return "MISC";
}

Result<EntityType> ParseEntityType(std::string_view name) {
  std::string u;
  for (char c : name) u.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  if (u == "PER" || u == "PERS" || u == "PERSON") return EntityType::kPer;
  if (u == "ORG") return EntityType::kOrg;
  if (u == "LOC") return EntityType::kLoc;
  if (u == "GPE" || u == "LOC/GPE") return EntityType::kGpe;
  if (u == "MISC") return EntityType::kMisc;
  return Status::InvalidArgument("unknown entity type '" + std::string(name) +
                                 "' (PER, ORG, LOC, GPE, MISC)");
}

}  // namespace khabar::kb
