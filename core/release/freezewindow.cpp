// SPDX-License-Identifier: GPL-3.0-or-later
#include "release/freezewindow.h"

#include <QLocale>

using namespace Qt::StringLiterals;

namespace rd::release {

namespace {

// Chained windows are followed this far at most: a freeze written as "every day, all day"
// never ends, and its end is then shown as the end of the last window looked at.
constexpr int MaxChain = 64;

QTimeZone zoneOf(const config::FreezeWindow &window)
{
    if (!window.isWeekly())
        return window.to.timeZone();
    const QTimeZone zone(window.timeZone);
    return zone.isValid() ? zone : QTimeZone(QTimeZone::UTC);
}

QDateTime atMinute(QDate day, int minute, const QTimeZone &zone)
{
    if (minute >= 1440)
        return QDateTime(day.addDays(1), QTime(0, 0), zone);
    return QDateTime(day, QTime(minute / 60, minute % 60), zone);
}

} // namespace

std::optional<QDateTime> coveredUntil(const config::FreezeWindow &window, const QDateTime &moment)
{
    if (!window.isWeekly()) {
        if (window.from.isValid() && window.to.isValid() && window.from <= moment && moment < window.to)
            return window.to.toUTC();
        return std::nullopt;
    }
    const QTimeZone zone = zoneOf(window);
    const QDate today = moment.toTimeZone(zone).date();
    // An occurrence that started today, or one that started yesterday and runs past midnight.
    for (const int back : { 0, 1 }) {
        const QDate day = today.addDays(-back);
        if (!window.days.contains(day.dayOfWeek()))
            continue;
        const QDateTime start = atMinute(day, window.startMinute, zone);
        const QDateTime end = window.endMinute > window.startMinute
            ? atMinute(day, window.endMinute, zone)
            : atMinute(day.addDays(1), window.endMinute, zone);
        if (start <= moment && moment < end)
            return end.toUTC();
    }
    return std::nullopt;
}

std::optional<ActiveFreeze> activeFreeze(const QList<config::FreezeWindow> &windows, QStringView environment,
                                         const QDateTime &now)
{
    std::optional<ActiveFreeze> active;
    QDateTime moment = now.toUTC();
    for (int step = 0; step < MaxChain; ++step) {
        const config::FreezeWindow *longest = nullptr;
        QDateTime until;
        for (const config::FreezeWindow &window : windows) {
            if (!window.appliesTo(environment))
                continue;
            if (const std::optional<QDateTime> end = coveredUntil(window, moment); end && (!longest || *end > until)) {
                longest = &window;
                until = *end;
            }
        }
        if (!longest)
            break;
        if (!active)
            active = ActiveFreeze { *longest, until, zoneOf(*longest) };
        active->until = until;
        active->zone = zoneOf(*longest);
        moment = until;
    }
    return active;
}

QString formatMoment(const QDateTime &moment, const QTimeZone &zone, const QDateTime &now)
{
    const QDateTime local = moment.toTimeZone(zone.isValid() ? zone : QTimeZone(QTimeZone::UTC));
    const QLocale c = QLocale::c();
    const bool soon = now.secsTo(moment) < 6 * 86400;
    QString text = c.toString(local, soon ? u"ddd HH:mm"_s : u"ddd d MMM yyyy HH:mm"_s);
    QString abbreviation = local.timeZoneAbbreviation();
    if (abbreviation.isEmpty())
        abbreviation = local.timeZone().displayName(local, QTimeZone::OffsetName, c);
    return text + u' ' + abbreviation;
}

} // namespace rd::release
