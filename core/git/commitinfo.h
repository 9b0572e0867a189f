// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QString>

namespace rd::git {

// A commit as people read it in a changelog.
struct CommitInfo
{
    QString id;        // 40 hex
    QString author;
    QString email;
    QDateTime time;    // author time, with its offset
    QString subject;   // first line of the message
    QString body;      // the rest, trimmed

    QString shortId() const { return id.left(7); }
};

// Who and when, for commits and tags we create.
struct Signature
{
    QString name;
    QString email;
    QDateTime time;
};

} // namespace rd::git
