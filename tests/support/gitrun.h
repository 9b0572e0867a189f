// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace rd::test {

// What the git CLI printed, as bytes (patches and object contents are not text).
struct GitRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// Runs the git CLI in `dir` with a clean configuration (no user or system config) and fixed
// identities, so its output depends only on the repository. `input` goes to its stdin.
GitRun git(const QString &dir, const QStringList &arguments, const QByteArray &input = {});

} // namespace rd::test
