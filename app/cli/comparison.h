// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <expected>

// What `diff` and `log` compare: two environments, resolved to two commits of one repository,
// optionally scoped to one artifact's path.
namespace rd::cli {

struct ComparedSide
{
    QString environment;
    QString commit;            // 40 hex
    QString version;           // the artifact's version, or "api v1.2.0, web v2.0.1" for the repository
    QString subject;           // the commit's subject line

    QJsonObject toJson() const;
};

struct Comparison
{
    QString artifact;          // empty: the whole repository
    QString repositoryPath;
    QStringList paths;         // the artifact's path, when it has one
    ComparedSide src;
    ComparedSide dst;
};

// Resolves SRC and DST of the workspace. On failure prints one sentence and returns the exit
// code (2 for usage and configuration, 1 when what is deployed cannot be compared).
std::expected<Comparison, int> resolveComparison(const QString &workspaceFile, const QString &src, const QString &dst,
                                                 const QString &artifact);

} // namespace rd::cli
