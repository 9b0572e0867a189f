// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/workspace.h"

#include <QDateTime>
#include <QTimeZone>
#include <optional>

// Freeze windows (policy `freeze:`) as a calendar: which window is in force for an environment
// at a moment, and when the freeze ends — following windows that touch or overlap, so a freeze
// from Friday 16:00 to 24:00 followed by one all Saturday ends on Sunday, not Friday night.
namespace rd::release {

struct ActiveFreeze
{
    config::FreezeWindow window;   // the window in force at the moment asked about
    QDateTime until;               // when promotions are allowed again (UTC)
    QTimeZone zone;                // where the window was written, to show `until` in
};

// When one occurrence of `window` covers `moment`: the end of that occurrence.
std::optional<QDateTime> coveredUntil(const config::FreezeWindow &window, const QDateTime &moment);

// The freeze in force for `environment` at `now`, if any.
std::optional<ActiveFreeze> activeFreeze(const QList<config::FreezeWindow> &windows, QStringView environment,
                                         const QDateTime &now);

// "Mon 08:00 CET" when within the next six days of `now`, else "Mon 7 Dec 2026 08:00 CET".
QString formatMoment(const QDateTime &moment, const QTimeZone &zone, const QDateTime &now);

} // namespace rd::release
