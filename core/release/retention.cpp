// SPDX-License-Identifier: GPL-3.0-or-later
#include "release/retention.h"

#include "config/workspace.h"
#include "release/auditlog.h"
#include "registry/registrybackend.h"
#include "registry/versiontag.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <algorithm>
#include <map>

using namespace Qt::StringLiterals;

namespace rd::release {

namespace {

// "sha-<7..40 hex>": the tag CI gives an image built from a commit. It goes with its image.
bool isCommitTag(const QString &tag)
{
    static const QRegularExpression shaTag(u"\\Asha-[0-9a-f]{7,40}\\z"_s);
    return shaTag.match(tag).hasMatch();
}

QString shortDigest(const QString &digest)
{
    return digest.left(19) + u'…';
}

QJsonObject entryJson(const RetentionEntry &entry, bool withReason)
{
    QJsonObject object{{u"artifact"_s, entry.artifact}, {u"tag"_s, entry.tag}, {u"digest"_s, entry.digest}};
    if (withReason)
        object.insert(u"reason"_s, entry.reason);
    object.insert(u"created"_s, entry.created.isValid() ? QJsonValue(entry.created.toUTC().toString(Qt::ISODate)) : QJsonValue());
    return object;
}

} // namespace

QJsonObject RetentionPlan::toJson() const
{
    QJsonArray removed;
    for (const RetentionEntry &entry : remove)
        removed.append(entryJson(entry, false));
    QJsonArray kept;
    for (const RetentionEntry &entry : keep)
        kept.append(entryJson(entry, true));
    return {{u"delete"_s, removed}, {u"keep"_s, kept}, {u"problems"_s, QJsonArray::fromStringList(problems)}};
}

void decideRetention(const QString &artifact, const QString &versionGlob, const config::Retention &policy,
                     const QList<RetentionImage> &images, const QHash<QString, QString> &environmentTags,
                     const QSet<QString> &protectedDigests, const QDateTime &now, RetentionPlan &result)
{
    // The newest `keep` versions by version order, across all images.
    QStringList versions;
    for (const RetentionImage &image : images) {
        for (const QString &tag : image.tags) {
            if (registry::isVersionTag(tag, versionGlob))
                versions.append(tag);
        }
    }
    std::sort(versions.begin(), versions.end(), [](const QString &a, const QString &b) { return registry::compareVersions(a, b) > 0; });
    const QSet<QString> newest(versions.cbegin(), versions.cbegin() + std::min<qsizetype>(policy.keep, versions.size()));

    for (const RetentionImage &image : images) {
        // Why the image must stay, if it must: the first rule that holds, most important first.
        QString reason;
        QStringList versionTags;
        for (const QString &tag : image.tags) {
            if (environmentTags.contains(tag)) {
                if (reason.isEmpty())
                    reason = u"environment %1 runs it"_s.arg(environmentTags.value(tag));
            } else if (registry::isVersionTag(tag, versionGlob)) {
                versionTags.append(tag);
            }
        }
        if (reason.isEmpty() && protectedDigests.contains(image.digest))
            reason = u"in the rollback history"_s;
        if (reason.isEmpty()) {
            for (const QString &tag : image.tags) {
                if (!environmentTags.contains(tag) && !registry::isVersionTag(tag, versionGlob) && !isCommitTag(tag)) {
                    reason = u"also tagged '%1', which is not a version"_s.arg(tag);
                    break;
                }
            }
        }
        if (reason.isEmpty() && versionTags.isEmpty())
            reason = u"has no version tag"_s;
        if (reason.isEmpty()) {
            for (const QString &tag : std::as_const(versionTags)) {
                if (newest.contains(tag)) {
                    reason = u"one of the newest %1 versions"_s.arg(policy.keep);
                    break;
                }
            }
        }
        if (reason.isEmpty() && policy.keepDays > 0) {
            if (!image.created.isValid())
                reason = u"its creation time is unknown"_s;
            else if (image.created.secsTo(now) < qint64(policy.keepDays) * 86400)
                reason = u"younger than %1 days"_s.arg(policy.keepDays);
        }

        QStringList sorted = image.tags;
        sorted.sort();
        for (const QString &tag : std::as_const(sorted)) {
            RetentionEntry entry{artifact, tag, image.digest, reason, image.created};
            if (reason.isEmpty()) {
                result.remove.append(entry);
            } else {
                // A tag kept only because it shares the image with another says which.
                if (!environmentTags.contains(tag) && reason.startsWith(u"one of the newest"_s) && !newest.contains(tag)) {
                    for (const QString &other : std::as_const(versionTags)) {
                        if (newest.contains(other)) {
                            entry.reason = u"shares its digest with kept tag '%1'"_s.arg(other);
                            break;
                        }
                    }
                }
                result.keep.append(entry);
            }
        }
    }
}

Result<QList<RetentionImage>> readRetentionImages(registry::RegistryBackend &registry, const QString &image)
{
    auto tags = registry.tags(image);
    if (!tags)
        return std::unexpected(tags.error());
    const QList<Result<QString>> digests = registry.resolveTags(image, *tags);
    std::map<QString, RetentionImage> byDigest; // sorted by digest: the same plan every time
    for (qsizetype i = 0; i < tags->size(); ++i) {
        if (i >= digests.size())
            break;
        if (!digests[i]) {
            // A tag deleted since the list is gone already; anything else leaves us unsure.
            if (digests[i].error().message.contains(u"has no tag"_s))
                continue;
            return std::unexpected(digests[i].error());
        }
        RetentionImage &entry = byDigest[*digests[i]];
        entry.digest = *digests[i];
        entry.tags.append(tags->at(i));
    }
    QList<RetentionImage> images;
    for (auto &[digest, entry] : byDigest) {
        auto config = registry.imageConfig(image, digest);
        if (!config)
            return std::unexpected(config.error());
        entry.created = config->created;
        images.append(entry);
    }
    return images;
}

Result<QHash<QString, QSet<QString>>> auditedVersions(const config::Workspace &workspace)
{
    QHash<QString, QSet<QString>> history;
    const QString auditFile = AuditLog::defaultPath(workspace);
    if (!QFileInfo::exists(auditFile)) // reading never creates a log
        return history;
    auto log = AuditLog::open(auditFile);
    if (!log)
        return std::unexpected(log.error());
    for (const config::Artifact &artifact : workspace.artifacts) {
        for (const config::Environment &environment : workspace.environments) {
            auto versions = log->previousVersions(artifact.name, environment.name, 1000);
            if (!versions)
                return std::unexpected(versions.error());
            for (const QString &version : std::as_const(*versions))
                history[artifact.name].insert(version);
        }
    }
    return history;
}

RetentionPlan planCleanup(const config::Workspace &workspace, const QSet<QString> &protectedDigests, const QDateTime &now,
                          const QHash<QString, QSet<QString>> &historyVersions)
{
    RetentionPlan result;
    result.plan.action = u"cleanup"_s;
    QHash<QString, QString> environmentTags;
    for (const config::Environment &environment : workspace.environments)
        environmentTags.insert(environment.tag.isEmpty() ? environment.name : environment.tag, environment.name);

    std::map<QString, std::shared_ptr<registry::RegistryBackend>> registries;
    for (const config::Artifact &artifact : workspace.artifacts) {
        if (!artifact.retention)
            continue;
        auto &backend = registries[artifact.registry];
        if (!backend) {
            const config::Registry *definition = workspace.registry(artifact.registry);
            if (!definition) {
                result.problems.append(u"artifact %1: registry '%2' is not defined"_s.arg(artifact.name, artifact.registry));
                continue;
            }
            auto opened = registry::openRegistry(*definition, workspace);
            if (!opened) {
                result.problems.append(u"artifact %1: %2"_s.arg(artifact.name, opened.error().message));
                continue;
            }
            backend = std::shared_ptr<registry::RegistryBackend>(std::move(*opened));
        }
        auto images = readRetentionImages(*backend, artifact.image);
        if (!images) {
            result.problems.append(u"artifact %1: %2"_s.arg(artifact.name, images.error().message));
            continue;
        }
        const qsizetype before = result.remove.size();
        // A version the history names stays restorable: its image is protected like a digest.
        QSet<QString> keep = protectedDigests;
        const QSet<QString> history = historyVersions.value(artifact.name);
        for (const RetentionImage &image : std::as_const(*images)) {
            for (const QString &tag : image.tags) {
                if (history.contains(tag))
                    keep.insert(image.digest);
            }
        }
        decideRetention(artifact.name, artifact.versions, *artifact.retention, *images, environmentTags, keep, now, result);
        // One step per image, its tags together (a registry deleting by digest takes them all).
        QStringList tags;
        for (qsizetype i = before; i < result.remove.size(); ++i) {
            const RetentionEntry &entry = result.remove.at(i);
            tags.append(entry.tag);
            const bool last = i + 1 == result.remove.size() || result.remove.at(i + 1).digest != entry.digest;
            if (last) {
                result.plan.steps.append(std::make_shared<DeleteImageStep>(backend, artifact.registry, artifact.name, artifact.image,
                                                                           tags, entry.digest));
                tags.clear();
            }
        }
    }
    if (!result.problems.isEmpty())
        result.plan.warnings.append(result.problems);
    return result;
}

DeleteImageStep::DeleteImageStep(std::shared_ptr<registry::RegistryBackend> registry, QString registryName, QString artifact,
                                 QString image, QStringList tags, QString digest)
    : m_registry(std::move(registry))
    , m_registryName(std::move(registryName))
    , m_artifact(std::move(artifact))
    , m_image(std::move(image))
    , m_tags(std::move(tags))
    , m_digest(std::move(digest))
{
}

QString DeleteImageStep::description() const
{
    return u"Delete %1 %2 (%3) from registry '%4'."_s.arg(m_artifact, m_tags.join(u", "_s), shortDigest(m_digest), m_registryName);
}

Result<void> DeleteImageStep::run(StepContext &context)
{
    auto deleted = m_registry->deleteTags(m_image, m_tags, m_digest);
    if (!deleted)
        return std::unexpected(deleted.error());
    context.output(u"deleted %1:%2 (%3)"_s.arg(m_image, m_tags.join(u", "_s), m_digest));
    return {};
}

} // namespace rd::release
