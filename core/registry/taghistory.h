// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/error.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace rd::registry {

class RegistryBackend;

// One image an environment tag can have pointed at: a version and when it was built.
struct TagHistoryEntry
{
    QString version;        // the newest version tag on the image
    QString digest;
    QDateTime created;      // invalid when the image does not say
    QStringList tags;       // every version tag on the image, and the environment tag if it points here
    bool current = false;   // the environment tag points at it now
};

// What `environmentTag` of `image` can have pointed at, as far as a registry tells: it keeps
// no history of a tag, so this is every version-tagged image ordered by build time, newest
// first (ties and unknown times by version), with the one the tag points at now marked. The
// entries after the current one are the candidates for a rollback. (The audit log, once it
// exists, records what the tag really pointed at and when.) Resolves every version tag.
[[nodiscard]] Result<QList<TagHistoryEntry>> tagHistory(RegistryBackend &registry, const QString &image,
                                                        const QString &environmentTag, const QString &versionGlob);

} // namespace rd::registry
