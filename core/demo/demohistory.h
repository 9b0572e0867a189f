// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/error.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace rd::demo {

// A version of a demo service and the commit it was built from.
struct Release
{
    QString artifact;
    QString version;
    QString commit;
    QDateTime commitTime;
};

// Creates the demo's git repository at `path`: a monorepo of three services (Go api,
// TypeScript web, Python worker) with docs, compose file and CI workflow, grown over a few
// dozen commits by four people; annotated tags <artifact>/<version> mark releases. Returns the
// releases in history order.
[[nodiscard]] Result<QList<Release>> writeDemoRepository(const QString &path);

} // namespace rd::demo
