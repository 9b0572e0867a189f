// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <chrono>
#include <optional>

namespace rd {

// Parses the workspace's duration syntax: an integer followed by s, m, h or d ("30s", "26h",
// "30d"); compound forms like "1h30m" are accepted. Returns nothing for anything else.
std::optional<std::chrono::seconds> parseDuration(QStringView text);

// An age rounded down to the unit a person reads in a table.
struct RoundedAge
{
    enum class Unit { Seconds, Minutes, Hours, Days, Months, Years };
    qint64 value = 0;
    Unit unit = Unit::Seconds;
};
RoundedAge roundAge(std::chrono::seconds age);

// The short English form: "45 s", "12 min", "5 h", "3 d", "14 mo" (the GUI translates the units).
QString formatAge(std::chrono::seconds age);

} // namespace rd
