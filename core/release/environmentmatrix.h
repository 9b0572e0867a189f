// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace rd::release {

// What one environment runs of one artifact, as the registry and git say.
struct MatrixCell
{
    enum class State { NotDeployed, Deployed, Error };
    State state = State::NotDeployed;

    QString version;        // newest version tag sharing the digest (or the image's version label)
    QStringList tags;       // every tag on that digest, sorted
    QString digest;         // sha256:…
    QString commit;         // 40 hex, or empty when nothing names it
    QString commitSubject;  // from the artifact's repository, when it has the commit
    QDateTime created;      // when the image was built; invalid when unknown
    bool behind = false;    // older than what the previous environment runs
    bool ahead = false;     // newer than what the previous environment runs (a skipped stage)
    QString error;          // for State::Error: one sentence

    bool isDeployed() const { return state == State::Deployed; }
};

struct MatrixEnvironment
{
    QString name;
    QString tag;            // the registry tag marking it
    QString branch;         // its git branch, if any
    bool isProtected = false;
};

struct MatrixRow
{
    QString artifact;
    QString image;
    QList<MatrixCell> cells; // one per environment, in promotion order
};

// Artifacts × environments in promotion order: the dashboard's main view and `list`.
struct EnvironmentMatrix
{
    QString workspace;
    QList<MatrixEnvironment> environments;
    QList<MatrixRow> rows;
    QDateTime loadedAt;

    qsizetype environmentIndex(QStringView name) const;
};

} // namespace rd::release
