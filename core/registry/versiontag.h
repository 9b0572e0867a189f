// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

// Which tags of an image are versions, and how versions are ordered.
namespace rd::registry {

// A tag that looks like a release: v1.2.3, 1.2, 1.2.3-rc.1 (a leading 'v' is optional).
bool isSemverLike(QStringView tag);

// Does `tag` name a version under `glob` (a shell-style pattern such as "v*")? An empty glob
// means isSemverLike().
bool isVersionTag(QStringView tag, const QString &glob);

// Orders versions semver-aware: numeric fields numerically, a pre-release before its release,
// anything that is not semver-like after all that is, by plain text. Negative, 0, positive.
int compareVersions(QStringView a, QStringView b);

// The highest version among `tags` under `glob`, or an empty string.
QString newestVersion(const QStringList &tags, const QString &glob);

} // namespace rd::registry
