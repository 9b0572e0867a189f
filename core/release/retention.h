// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "release/plan.h"
#include "util/error.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>
#include <memory>

namespace rd::config {
struct Artifact;
struct Environment;
struct Retention;
struct Workspace;
} // namespace rd::config

namespace rd::registry {
class RegistryBackend;
}

// Registry retention clean-up: which old images of each artifact may go, decided per digest
// (a registry deletes images, and a tag only with its image on Distribution 2.x), and the
// Plan that deletes them. Safety first: an image stays when an environment tag, the rollback
// history, any tag that is not a version (latest, a custom alias), a kept version or the
// age rule still want it, and when anything about it could not be read.
namespace rd::release {

struct RetentionEntry
{
    QString artifact;
    QString tag;
    QString digest;
    QString reason;         // for kept tags: why, in a few words
    QDateTime created;      // from the image config; invalid when unknown
};

struct RetentionPlan
{
    QList<RetentionEntry> remove;   // "delete" in JSON
    QList<RetentionEntry> keep;
    QStringList problems;           // artifacts that could not be read (nothing of theirs is deleted)
    Plan plan;                      // one registry-delete step per image

    QJsonObject toJson() const;
};

// One image of an artifact as the registry shows it: every tag on the digest and when it was built.
struct RetentionImage
{
    QString digest;
    QStringList tags;
    QDateTime created;
};

// The decision for one artifact, from what was read: no I/O. `environmentTags` maps each
// environment's registry tag to the environment's name; `protectedDigests` is the rollback
// history (digests that must stay restorable). Appends to `result.remove` / `result.keep`.
void decideRetention(const QString &artifact, const QString &versionGlob, const config::Retention &policy,
                     const QList<RetentionImage> &images, const QHash<QString, QString> &environmentTags,
                     const QSet<QString> &protectedDigests, const QDateTime &now, RetentionPlan &result);

// Reads every tag of the artifact's image (digest and config of each image) and decides.
[[nodiscard]] Result<QList<RetentionImage>> readRetentionImages(registry::RegistryBackend &registry, const QString &image);

// The clean-up of every artifact with a `retention` policy: reads the registries (blocking;
// call from a worker thread), decides, and builds the plan of delete steps. Each step checks
// again, just before it deletes, that the image's tags still point at the digest decided on.
// `historyVersions`: per artifact, the version tags its environments ran according to the audit
// log (the rollback targets); every image carrying one of them is kept like a protected digest.
[[nodiscard]] RetentionPlan planCleanup(const config::Workspace &workspace, const QSet<QString> &protectedDigests,
                                        const QDateTime &now = QDateTime::currentDateTimeUtc(),
                                        const QHash<QString, QSet<QString>> &historyVersions = {});

// The version tags each artifact's environments ran according to the audit log: the rollback
// targets `planCleanup` must keep. No log file yet means no history (an empty map); a log that
// exists but cannot be read is an error, and a clean-up must then delete nothing.
[[nodiscard]] Result<QHash<QString, QSet<QString>>> auditedVersions(const config::Workspace &workspace);

// Deletes the tags of one image (all pointing at `digest`) from a registry.
class DeleteImageStep final : public Step
{
public:
    DeleteImageStep(std::shared_ptr<registry::RegistryBackend> registry, QString registryName, QString artifact, QString image,
                    QStringList tags, QString digest);
    QString kind() const override { return QStringLiteral("registry-delete"); }
    QString description() const override;
    Result<void> run(StepContext &context) override;

private:
    std::shared_ptr<registry::RegistryBackend> m_registry;
    QString m_registryName;
    QString m_artifact;
    QString m_image;
    QStringList m_tags;
    QString m_digest;
};

} // namespace rd::release
