// meridian_draft_bench: the "a 2-page text drafts in under 5 ms on one core", for
// DraftRole and DraftCandidate, as Google Benchmarks (run by hand, never a timed test):
//
//   build/bench/meridian_draft_bench            # from anywhere: the paths are compiled in
//
// A two-page text is about 6,000 bytes (two pages of 3,000 characters); each benchmark joins
// the texts of its evaluation set (tests/data/role_drafts/roles.eval,
// tests/data/candidate_drafts/candidates.eval) until it is that long, so the text reads like
// what recruiters paste, then drafts it once per iteration with the real catalog (read from its
// migration: no database). The 20,000-byte benchmarks are the longest text either takes.
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "benchmark/benchmark.h"
#include "common/skills/skill_catalog_migration.h"
#include "common/text/draft_text.h"
#include "services/intake/domain/role_draft.h"
#include "services/talent/domain/candidate_draft.h"

namespace meridian {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    std::cerr << "cannot read " << path << "\n";
    std::exit(2);
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

const SkillCatalog& Catalog() {
  static const auto* catalog = new SkillCatalog(*SkillCatalogFromMigration(
      ReadFile(MERIDIAN_SOURCE_DIR "/common/migrations/sql/0012_skill_catalog.sql")));
  return *catalog;
}

// The texts of an evaluation set (between "=== id" and "--- expected") joined until `bytes`.
std::string JoinedTexts(const std::string& path, size_t bytes) {
  std::string joined;
  bool in_text = false;
  while (joined.size() < bytes) {
    const size_t before = joined.size();
    for (absl::string_view line : absl::StrSplit(ReadFile(path), '\n')) {
      if (absl::StartsWith(line, "=== ")) {
        in_text = true;
        joined += "\n";
      } else if (line == "--- expected") {
        in_text = false;
      } else if (in_text && joined.size() + line.size() + 1 < bytes) {
        joined.append(line.data(), line.size());
        joined += "\n";
      }
    }
    if (joined.size() == before) break;
  }
  // At most `bytes`, cut at a line: the 20,000-byte text must be one the drafters take.
  if (joined.size() > bytes) joined.resize(joined.rfind('\n', bytes - 1) + 1);
  return joined;
}

void BM_DraftRole(benchmark::State& state) {
  const std::string text = JoinedTexts(MERIDIAN_SOURCE_DIR "/tests/data/role_drafts/roles.eval",
                                       static_cast<size_t>(state.range(0)));
  for (auto _ : state) {
    benchmark::DoNotOptimize(intake::DraftRoleFromText(text, Catalog()));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  state.counters["text_bytes"] = static_cast<double>(text.size());
}
BENCHMARK(BM_DraftRole)->Arg(6000)->Arg(text::kMaxDraftTextBytes)->Unit(benchmark::kMillisecond);

void BM_DraftCandidate(benchmark::State& state) {
  const std::string text =
      JoinedTexts(MERIDIAN_SOURCE_DIR "/tests/data/candidate_drafts/candidates.eval",
                  static_cast<size_t>(state.range(0)));
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        talent::DraftCandidateFromText(text, Catalog(), absl::CivilDay(2026, 11, 30)));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  state.counters["text_bytes"] = static_cast<double>(text.size());
}
BENCHMARK(BM_DraftCandidate)
    ->Arg(6000)
    ->Arg(text::kMaxDraftTextBytes)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace meridian

BENCHMARK_MAIN();
