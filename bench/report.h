// The benchmark's figures for people: a table printed from the same JSON the program writes
// for machines, so the two never disagree. Also the goals of issue 5 §4 against the figures.
#pragma once

#include <cstdio>

#include "nlohmann/json.hpp"

namespace meridian::bench {

// Ratios of one concurrency level: {"search_p50_over_noop_p50": ..., "sql_p99_over_search_p99":
// {"all": ..., "selective": ..., ...}, "sql_p50_over_search_p50": {...}} from its noop, search
// and sql_baseline objects (the same-answer baseline: the "sql_" ratios and the goals that
// read them compare search with a database giving the same page),
// "sql_static_p99_over_search_p99" / "sql_static_p50_over_search_p50" from sql_static (the
// static floor) when the level has it, and "search_basic_p50_over_noop_p50" (and p99) when it
// has a search_basic object (the search phase again with view BASIC).
nlohmann::json Ratios(const nlohmann::json& level);

// The goals (issue 5 §4): each {"goal", "value", "target", "met"}. Latency goals are judged at
// the lowest concurrency level, throughput at the highest.
nlohmann::json Goals(const nlohmann::json& report);

void PrintTable(const nlohmann::json& report, std::FILE* out);

}  // namespace meridian::bench
