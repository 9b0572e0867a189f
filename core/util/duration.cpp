// SPDX-License-Identifier: GPL-3.0-or-later
#include "duration.h"

using namespace Qt::StringLiterals;

namespace rd {

std::optional<std::chrono::seconds> parseDuration(QStringView text)
{
    if (text.isEmpty() || text.size() > 32)
        return std::nullopt;
    qint64 total = 0;
    qint64 number = -1;
    for (const QChar c : text) {
        if (c.isDigit() && c.unicode() < 128) {
            number = (number < 0 ? 0 : number) * 10 + (c.unicode() - '0');
            if (number > 100'000'000)
                return std::nullopt;
            continue;
        }
        if (number < 0)
            return std::nullopt;
        qint64 unit = 0;
        switch (c.unicode()) {
        case 's': unit = 1; break;
        case 'm': unit = 60; break;
        case 'h': unit = 3600; break;
        case 'd': unit = 86400; break;
        default: return std::nullopt;
        }
        total += number * unit;
        number = -1;
    }
    if (number >= 0) // a trailing number without a unit is ambiguous: refuse it
        return std::nullopt;
    return std::chrono::seconds(total);
}

RoundedAge roundAge(std::chrono::seconds age)
{
    using Unit = RoundedAge::Unit;
    const qint64 s = std::max<qint64>(0, age.count()); // clocks disagree: never a negative age
    if (s < 60)
        return {s, Unit::Seconds};
    if (s < 3600)
        return {s / 60, Unit::Minutes};
    if (s < 2 * 86400)
        return {s / 3600, Unit::Hours};
    if (s < 60 * 86400)
        return {s / 86400, Unit::Days};
    if (s < 730 * 86400)
        return {s / (30 * 86400), Unit::Months};
    return {s / (365 * 86400), Unit::Years};
}

QString formatAge(std::chrono::seconds age)
{
    static const char16_t *const units[] = {u"s", u"min", u"h", u"d", u"mo", u"y"};
    const RoundedAge rounded = roundAge(age);
    return u"%1 %2"_s.arg(rounded.value).arg(QStringView(units[int(rounded.unit)]));
}

} // namespace rd
