// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringView>

namespace rd::ssh {

// OpenSSH's match_pattern, shared by known_hosts and ~/.ssh/config: '*' matches any run of
// characters, '?' exactly one; host names compare case-insensitively.
bool matchesHostPattern(QStringView pattern, QStringView host);

} // namespace rd::ssh
