// SPDX-License-Identifier: GPL-3.0-or-later
#include "matrixloader.h"

#include "config/workspace.h"
#include "git/repository.h"
#include "git/workspacerepository.h"
#include "registry/registrybackend.h"
#include "registry/versiontag.h"

#include <QDir>
#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <atomic>
#include <map>
#include <thread>
#include <vector>

using namespace Qt::StringLiterals;

namespace rd::release {

namespace {

// Opens each registry and repository once per load, and remembers why one could not be opened.
class Sources
{
public:
    explicit Sources(const config::Workspace &workspace)
        : m_workspace(workspace)
    {
    }

    Result<registry::RegistryBackend *> registryFor(const config::Artifact &artifact)
    {
        auto it = m_registries.find(artifact.registry);
        if (it == m_registries.end()) {
            const config::Registry *registry = m_workspace.registry(artifact.registry);
            if (!registry)
                return fail(Error::Domain::Config, u"registry '%1' is not defined"_s.arg(artifact.registry));
            it = m_registries.emplace(artifact.registry, registry::openRegistry(*registry, m_workspace)).first;
        }
        if (!it->second)
            return std::unexpected(it->second.error());
        return it->second->get();
    }

    // The artifact's repository: a local folder, or a remote's cached mirror, refreshed here
    // when it is older than git::DefaultMirrorMaxAge.
    const git::Repository *repositoryFor(const config::Artifact &artifact)
    {
        if (artifact.repository.isEmpty())
            return nullptr;
        auto it = m_repositories.find(artifact.repository);
        if (it == m_repositories.end()) {
            std::optional<git::Repository> opened;
            if (const config::Repository *repository = m_workspace.repository(artifact.repository)) {
                if (auto path = git::openableRepositoryFolder(m_workspace, *repository)) {
                    if (auto repo = git::Repository::open(*path))
                        opened = std::move(*repo);
                }
            }
            it = m_repositories.emplace(artifact.repository, std::move(opened)).first;
        }
        return it->second ? &*it->second : nullptr;
    }

private:
    const config::Workspace &m_workspace;
    std::map<QString, Result<std::unique_ptr<registry::RegistryBackend>>> m_registries;
    std::map<QString, std::optional<git::Repository>> m_repositories;
};

// "sha-<7..40 hex>", the tag CI systems give an image built from a commit.
QString commitFromShaTag(const QStringList &tags)
{
    static const QRegularExpression shaTag(u"\\Asha-([0-9a-f]{7,40})\\z"_s);
    for (const QString &tag : tags) {
        if (const auto m = shaTag.match(tag); m.hasMatch())
            return m.captured(1);
    }
    return {};
}

// What the registry says about the environment tags of one artifact.
struct ArtifactTags
{
    QHash<QString, registry::RegistryBackend::TaggedImage> envImages; // env tag → digest + config
    QHash<QString, Error> envErrors;                                  // env tag → why it could not be read
    QHash<QString, QStringList> tagsByDigest;                         // digest → the tags known to point at it
};

MatrixCell loadCell(const git::Repository *repository, const config::Artifact &artifact,
                    const config::Environment &environment, const ArtifactTags &known)
{
    MatrixCell cell;
    const QString envTag = environment.tag.isEmpty() ? environment.name : environment.tag;
    if (const auto error = known.envErrors.constFind(envTag); error != known.envErrors.constEnd()) {
        cell.state = MatrixCell::State::Error;
        cell.error = error->toString();
        return cell;
    }
    const auto image = known.envImages.constFind(envTag);
    if (image == known.envImages.constEnd())
        return cell; // the environment tag does not exist: never deployed here

    const QString &digest = image->digest;
    const registry::ImageConfig &config = image->config;
    cell.state = MatrixCell::State::Deployed;
    cell.digest = digest;
    cell.tags = known.tagsByDigest.value(digest);
    cell.tags.sort();
    cell.created = config.created;
    cell.version = registry::newestVersion(cell.tags, artifact.versions);
    if (cell.version.isEmpty())
        cell.version = config.version();

    // Which commit: the image's revision label, else a sha-<commit> tag, else the environment branch.
    QString commit = config.revision();
    if (commit.isEmpty())
        commit = commitFromShaTag(cell.tags);
    if (repository) {
        if (commit.isEmpty() && !environment.branch.isEmpty()) {
            if (auto tip = repository->branchTip(environment.branch))
                commit = *tip;
        } else if (!commit.isEmpty() && commit.size() < 40) {
            if (auto full = repository->resolveCommit(commit))
                commit = *full;
        }
        if (!commit.isEmpty()) {
            if (auto info = repository->commit(commit))
                cell.commitSubject = info->subject;
        }
    }
    cell.commit = commit.size() == 40 ? commit : QString();
    return cell;
}

// Does the version tag `tag` name the version an image's label gives ("v1.2.0" for "1.2.0")?
bool namesVersion(const QString &tag, const QString &label)
{
    if (label.isEmpty())
        return false;
    const auto bare = [](const QString &v) { return v.startsWith(u'v') ? QStringView(v).mid(1) : QStringView(v); };
    return bare(tag) == bare(label);
}

// The tags an environment image's labels name, among those the registry lists: the version
// tag matching its version label and the sha-<commit> tag of its revision label. They are
// taken to point at the image without asking the registry tag by tag (an image has dozens
// of tags, and each question is a request): version tags are not moved by convention, and a
// tag two images claim is resolved.
QStringList namedTags(const QStringList &tags, const registry::ImageConfig &config, const QString &versionGlob)
{
    QStringList named;
    const QString version = config.version();
    const QString revision = config.revision();
    for (const QString &tag : tags) {
        const bool versionTag = registry::isVersionTag(tag, versionGlob) && namesVersion(tag, version);
        const bool shaTag = !revision.isEmpty() && tag.size() >= 11 && tag.startsWith(u"sha-"_s) && revision.startsWith(QStringView(tag).mid(4));
        if (versionTag || shaTag)
            named.append(tag);
    }
    return named;
}

Result<ArtifactTags> readArtifactTags(registry::RegistryBackend &registry, const config::Workspace &workspace,
                                      const config::Artifact &artifact)
{
    auto tags = registry.tags(artifact.image);
    if (!tags)
        return std::unexpected(tags.error());
    const QSet<QString> present(tags->cbegin(), tags->cend());
    QStringList envTags;
    for (const config::Environment &environment : workspace.environments) {
        const QString envTag = environment.tag.isEmpty() ? environment.name : environment.tag;
        if (present.contains(envTag) && !envTags.contains(envTag))
            envTags.append(envTag);
    }

    ArtifactTags known;
    QSet<QString> resolved(envTags.cbegin(), envTags.cend());
    const QList<Result<registry::RegistryBackend::TaggedImage>> images = registry.taggedImages(artifact.image, envTags);
    for (qsizetype i = 0; i < envTags.size() && i < images.size(); ++i) {
        if (images[i]) {
            known.envImages.insert(envTags[i], *images[i]);
            known.tagsByDigest[images[i]->digest].append(envTags[i]);
        } else {
            known.envErrors.insert(envTags[i], images[i].error());
        }
    }
    const auto addResolved = [&](const QStringList &asked) {
        const QList<Result<QString>> digests = registry.resolveTags(artifact.image, asked);
        for (qsizetype i = 0; i < asked.size() && i < digests.size(); ++i) {
            resolved.insert(asked[i]);
            if (digests[i] && known.tagsByDigest.contains(*digests[i]))
                known.tagsByDigest[*digests[i]].append(asked[i]);
        }
    };

    if (registry.resolvesTagsCheaply()) {
        // A local layout: every tag costs nothing, so every tag sharing a digest is listed.
        QStringList rest;
        for (const QString &tag : std::as_const(*tags)) {
            if (!resolved.contains(tag))
                rest.append(tag);
        }
        addResolved(rest);
        return known;
    }

    // A remote registry: the tags each image's labels name...
    QHash<QString, QStringList> claims; // tag → the digests whose labels name it
    for (const auto &image : std::as_const(known.envImages)) {
        for (const QString &tag : namedTags(*tags, image.config, artifact.versions)) {
            if (!resolved.contains(tag) && !claims[tag].contains(image.digest))
                claims[tag].append(image.digest);
        }
    }
    QStringList disputed;
    for (auto it = claims.cbegin(); it != claims.cend(); ++it) {
        if (it.value().size() == 1) {
            known.tagsByDigest[it.value().first()].append(it.key());
            resolved.insert(it.key());
        } else {
            disputed.append(it.key()); // two images say they are this version: ask where it points
        }
    }
    addResolved(disputed);
    // ...and, for an image whose labels name no version tag that points at it, every version
    // tag, as there is no other way to know which of them share its digest.
    bool unnamed = false;
    for (auto it = known.tagsByDigest.cbegin(); it != known.tagsByDigest.cend() && !unnamed; ++it)
        unnamed = registry::newestVersion(it.value(), artifact.versions).isEmpty();
    if (unnamed) {
        QStringList versionTags;
        for (const QString &tag : std::as_const(*tags)) {
            if (!resolved.contains(tag) && registry::isVersionTag(tag, artifact.versions))
                versionTags.append(tag);
        }
        addResolved(versionTags);
    }
    return known;
}

// Marks cells older (behind) or newer (ahead) than the previous environment's.
void compareWithPredecessors(MatrixRow &row)
{
    for (qsizetype i = 1; i < row.cells.size(); ++i) {
        MatrixCell &cell = row.cells[i];
        const MatrixCell &previous = row.cells[i - 1];
        if (!cell.isDeployed() || !previous.isDeployed() || cell.digest == previous.digest)
            continue;
        int order = 0;
        if (!cell.version.isEmpty() && !previous.version.isEmpty())
            order = registry::compareVersions(cell.version, previous.version);
        else if (cell.created.isValid() && previous.created.isValid())
            order = cell.created < previous.created ? -1 : (cell.created > previous.created ? 1 : 0);
        cell.behind = order < 0;
        cell.ahead = order > 0;
    }
}

MatrixRow loadRow(Sources &sources, const config::Workspace &workspace, const config::Artifact &artifact)
{
    MatrixRow row{artifact.name, artifact.image, {}};
    auto registry = sources.registryFor(artifact);
    Result<ArtifactTags> known = registry ? readArtifactTags(**registry, workspace, artifact)
                                          : Result<ArtifactTags>(std::unexpected(registry.error()));
    for (const config::Environment &environment : workspace.environments) {
        if (!known) {
            MatrixCell cell;
            cell.state = MatrixCell::State::Error;
            cell.error = known.error().toString();
            row.cells.append(cell);
            continue;
        }
        row.cells.append(loadCell(sources.repositoryFor(artifact), artifact, environment, *known));
    }
    compareWithPredecessors(row);
    return row;
}

} // namespace

EnvironmentMatrix loadEnvironmentMatrix(const config::Workspace &workspace)
{
    EnvironmentMatrix matrix;
    matrix.workspace = workspace.name;
    matrix.loadedAt = QDateTime::currentDateTimeUtc();
    for (const config::Environment &environment : workspace.environments) {
        matrix.environments.append({environment.name, environment.tag.isEmpty() ? environment.name : environment.tag,
                                    environment.branch, environment.isProtected});
    }

    // Artifacts load in parallel, each worker with its own registry clients and repository
    // handles (they are used by one thread at a time): a matrix of a remote registry is
    // mostly waiting for answers.
    const qsizetype count = workspace.artifacts.size();
    matrix.rows.resize(count);
    std::atomic<qsizetype> next{0};
    const auto work = [&] {
        Sources sources(workspace);
        for (qsizetype i = next++; i < count; i = next++)
            matrix.rows[i] = loadRow(sources, workspace, workspace.artifacts[i]);
    };
    const qsizetype workers = std::min<qsizetype>(MaxParallelArtifacts, count);
    std::vector<std::thread> threads;
    for (qsizetype w = 1; w < workers; ++w)
        threads.emplace_back(work);
    work(); // this thread is one of the workers
    for (std::thread &thread : threads)
        thread.join();
    return matrix;
}

} // namespace rd::release
