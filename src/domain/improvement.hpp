#pragma once
// Most improved: this week's count against the rep's own baseline, the mean of the four weeks
// before it (protocol.md "Fair scoring"). A rep measured against themself, not the veterans.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wp::domain {

inline constexpr std::size_t baseline_weeks = 4;

struct WeekCounts {
    std::string rep;
    std::int64_t count = 0;                            // this week so far
    std::array<std::int64_t, baseline_weeks> before{};  // the four weeks before, oldest first
};

// Baseline and change in tenths (one decimal, exact): baseline 12.5 is 125.
struct Improvement {
    int rank = 0;
    std::string rep;
    std::int64_t count = 0;
    std::int64_t baseline_tenths = 0;
    std::int64_t change_tenths = 0;
    friend bool operator==(const Improvement&, const Improvement&) = default;
};

// The mean of the weeks from the first with any activity (a rep who started two weeks ago is
// measured against those two), in tenths rounded half away from zero; nothing when none of the
// four had any: such a rep has no baseline and is left off the board.
std::optional<std::int64_t> baseline_tenths(const std::array<std::int64_t, baseline_weeks>& before);

// Ranked by change, highest first; equal changes share a rank (competition ranking), then by
// rep id. Reps without a baseline are left out.
std::vector<Improvement> rank_improvement(const std::vector<WeekCounts>& reps);

}  // namespace wp::domain
