// SPDX-License-Identifier: GPL-3.0-or-later
#include "ssh/hostpattern.h"

namespace rd::ssh {

bool matchesHostPattern(QStringView pattern, QStringView host)
{
    qsizetype p = 0, t = 0, starP = -1, starT = 0;
    while (t < host.size()) {
        if (p < pattern.size() && (pattern[p] == u'?' || pattern[p].toLower() == host[t].toLower())) {
            ++p;
            ++t;
        } else if (p < pattern.size() && pattern[p] == u'*') {
            starP = p++;
            starT = t;
        } else if (starP >= 0) {
            p = starP + 1;
            t = ++starT;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == u'*')
        ++p;
    return p == pattern.size();
}

} // namespace rd::ssh
