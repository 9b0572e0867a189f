// SPDX-License-Identifier: GPL-3.0-or-later
#include "matrixloader.h"

#include "config/workspace.h"
#include "git/repository.h"
#include "registry/registrybackend.h"
#include "registry/versiontag.h"

#include <QDir>
#include <QHash>
#include <QRegularExpression>
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

    // The artifact's repository when it is a local one; remote repositories are read through
    // the fetch cache of the git module, which this loader does not fill.
    const git::Repository *repositoryFor(const config::Artifact &artifact)
    {
        if (artifact.repository.isEmpty())
            return nullptr;
        auto it = m_repositories.find(artifact.repository);
        if (it == m_repositories.end()) {
            std::optional<git::Repository> opened;
            if (const config::Repository *repository = m_workspace.repository(artifact.repository)) {
                const QString path = m_workspace.resolvePath(repository->url);
                if (QDir(path).exists()) {
                    if (auto repo = git::Repository::open(path))
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

MatrixCell loadCell(registry::RegistryBackend &registry, const git::Repository *repository,
                    const config::Artifact &artifact, const config::Environment &environment,
                    const QHash<QString, QStringList> &tagsByDigest)
{
    MatrixCell cell;
    const QString envTag = environment.tag.isEmpty() ? environment.name : environment.tag;
    QString digest;
    for (auto it = tagsByDigest.begin(); it != tagsByDigest.end() && digest.isEmpty(); ++it) {
        if (it.value().contains(envTag))
            digest = it.key();
    }
    if (digest.isEmpty())
        return cell; // the environment tag does not exist: never deployed here

    auto config = registry.imageConfig(artifact.image, digest);
    if (!config) {
        cell.state = MatrixCell::State::Error;
        cell.error = config.error().toString();
        return cell;
    }
    cell.state = MatrixCell::State::Deployed;
    cell.digest = digest;
    cell.tags = tagsByDigest.value(digest);
    cell.tags.sort();
    cell.created = config->created;
    cell.version = registry::newestVersion(cell.tags, artifact.versions);
    if (cell.version.isEmpty())
        cell.version = config->version();

    // Which commit: the image's revision label, else a sha-<commit> tag, else the environment branch.
    QString commit = config->revision();
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
    QHash<QString, QStringList> tagsByDigest;
    Result<void> problem;
    if (!registry) {
        problem = std::unexpected(registry.error());
    } else if (auto tags = (*registry)->tags(artifact.image); !tags) {
        problem = std::unexpected(tags.error());
    } else {
        // One request per tag: a remote backend overlaps them.
        const QList<Result<QString>> digests = (*registry)->resolveTags(artifact.image, *tags);
        for (qsizetype i = 0; i < tags->size() && i < digests.size(); ++i) {
            if (digests[i])
                tagsByDigest[*digests[i]].append(tags->at(i));
        }
    }
    for (const config::Environment &environment : workspace.environments) {
        if (!problem) {
            MatrixCell cell;
            cell.state = MatrixCell::State::Error;
            cell.error = problem.error().toString();
            row.cells.append(cell);
            continue;
        }
        row.cells.append(loadCell(**registry, sources.repositoryFor(artifact), artifact, environment, tagsByDigest));
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
