// docs/families.md, generated from the family registry and the mixer-traits table (one row per family).
// tests/cpp/registry_families_doc_test.cpp checks that the committed file equals this text;
// scripts/gen_families_doc.sh rewrites it.
#pragma once
#include <cstdint>
#include <string>

#include "registry/family_registry.hpp"

namespace hfmi {

// The mixer kinds a family's layers can have (bit i = MixerKind i), from its dialect and layout.
uint32_t family_mixer_kinds(const FamilyRow& row);

// The whole Markdown document.
std::string families_markdown();

}  // namespace hfmi
