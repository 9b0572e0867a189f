// SPDX-License-Identifier: GPL-3.0-or-later
#include "taghistory.h"

#include "registrybackend.h"
#include "versiontag.h"

#include <algorithm>
#include <map>

using namespace Qt::StringLiterals;

namespace rd::registry {

Result<QList<TagHistoryEntry>> tagHistory(RegistryBackend &registry, const QString &image, const QString &environmentTag,
                                          const QString &versionGlob)
{
    auto tags = registry.tags(image);
    if (!tags)
        return std::unexpected(tags.error());
    QStringList asked;
    for (const QString &tag : std::as_const(*tags)) {
        if (isVersionTag(tag, versionGlob))
            asked.append(tag);
    }
    const bool envPresent = tags->contains(environmentTag);
    if (envPresent)
        asked.append(environmentTag);
    const QList<Result<QString>> digests = registry.resolveTags(image, asked);
    std::map<QString, TagHistoryEntry> byDigest;
    QString currentDigest;
    for (qsizetype i = 0; i < asked.size() && i < digests.size(); ++i) {
        if (!digests[i]) {
            if (digests[i].error().message.contains(u"has no tag"_s))
                continue; // deleted since the list
            return std::unexpected(digests[i].error());
        }
        if (envPresent && i == asked.size() - 1) {
            currentDigest = *digests[i];
            continue;
        }
        TagHistoryEntry &entry = byDigest[*digests[i]];
        entry.digest = *digests[i];
        entry.tags.append(asked[i]);
    }
    QList<TagHistoryEntry> history;
    for (auto &[digest, entry] : byDigest) {
        auto config = registry.imageConfig(image, digest);
        if (!config)
            return std::unexpected(config.error());
        entry.created = config->created;
        entry.version = newestVersion(entry.tags, versionGlob);
        entry.current = digest == currentDigest;
        if (entry.current)
            entry.tags.append(environmentTag);
        entry.tags.sort();
        history.append(entry);
    }
    std::sort(history.begin(), history.end(), [](const TagHistoryEntry &a, const TagHistoryEntry &b) {
        if (a.created.isValid() != b.created.isValid())
            return a.created.isValid();
        if (a.created != b.created)
            return a.created > b.created;
        return compareVersions(a.version, b.version) > 0;
    });
    return history;
}

} // namespace rd::registry
