// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace rd::git {

// Who a person is to git: user.name and user.email as git itself would use them when
// committing in `directory` — the configuration of the repository that contains it (if any),
// falling back to the global and system configuration. Empty fields when nothing is set or
// the configuration cannot be read: identity is informative (audit records), never required.
struct Identity
{
    QString name;
    QString email;

    bool isEmpty() const { return name.isEmpty() && email.isEmpty(); }
};

Identity identityFor(const QString &directory);

} // namespace rd::git
