// SPDX-License-Identifier: GPL-3.0-or-later
#include "comparison.h"

#include "commands.h"
#include "config/workspaceloader.h"
#include "git/repository.h"
#include "git/workspacerepository.h"
#include "release/matrixloader.h"

#include <QDir>
#include <QSet>

using namespace Qt::StringLiterals;

namespace rd::cli {

namespace {

QString environmentNames(const config::Workspace &workspace)
{
    QStringList names;
    for (const config::Environment &environment : workspace.environments)
        names.append(environment.name);
    return names.join(u", "_s);
}

// The artifact's repository as a folder to open: the local one, or the remote's cached mirror
// (fetched when it is older than git::DefaultMirrorMaxAge).
std::expected<QString, int> localRepository(const config::Workspace &workspace, const QString &name)
{
    const config::Repository *repository = workspace.repository(name);
    if (!repository) {
        printError(u"repository '%1' is not defined in %2"_s.arg(name, workspace.file));
        return std::unexpected(UsageError);
    }
    auto path = git::openableRepositoryFolder(workspace, *repository);
    if (!path) {
        printError(path.error().message);
        return std::unexpected(Failed);
    }
    return *path;
}

// The commit an artifact runs in an environment, as the matrix resolved it.
std::expected<ComparedSide, int> artifactSide(const release::EnvironmentMatrix &matrix, const release::MatrixRow &row,
                                              const QString &environment)
{
    const release::MatrixCell &cell = row.cells.at(matrix.environmentIndex(environment));
    switch (cell.state) {
    case release::MatrixCell::State::NotDeployed:
        printError(u"%1 has never been deployed to %2, so there is nothing to compare"_s.arg(row.artifact, environment));
        return std::unexpected(Failed);
    case release::MatrixCell::State::Error:
        printError(u"cannot tell what %1 runs in %2: %3"_s.arg(row.artifact, environment, cell.error));
        return std::unexpected(Failed);
    case release::MatrixCell::State::Deployed:
        break;
    }
    if (cell.commit.isEmpty()) {
        printError(u"cannot tell which commit %1 runs in %2: its image has no revision label or sha- tag and the environment no git branch"_s
                       .arg(row.artifact, environment));
        return std::unexpected(Failed);
    }
    return ComparedSide{environment, cell.commit, cell.version, cell.commitSubject};
}

// The whole repository in an environment: its git branch when it has one (GitOps: the branch
// is the environment), else the one commit every deployed artifact of the repository runs.
std::expected<ComparedSide, int> repositorySide(const config::Workspace &workspace, const release::EnvironmentMatrix &matrix,
                                                const git::Repository &repository, const QString &repositoryName,
                                                const QString &environment)
{
    const config::Environment *env = workspace.environment(environment);
    const qsizetype column = matrix.environmentIndex(environment);
    QStringList versions;
    QMap<QString, QStringList> artifactsByCommit;
    for (const release::MatrixRow &row : matrix.rows) {
        const config::Artifact *artifact = workspace.artifact(row.artifact);
        if (!artifact || artifact->repository != repositoryName)
            continue;
        const release::MatrixCell &cell = row.cells.at(column);
        if (cell.isDeployed()) {
            versions.append(row.artifact + u' ' + (cell.version.isEmpty() ? cell.digest.mid(7, 12) : cell.version));
            if (!cell.commit.isEmpty())
                artifactsByCommit[cell.commit].append(row.artifact);
        }
    }
    ComparedSide side{environment, {}, versions.join(u", "_s), {}};
    if (!env->branch.isEmpty()) {
        if (auto tip = repository.branchTip(env->branch))
            side.commit = *tip;
    }
    if (side.commit.isEmpty()) {
        if (artifactsByCommit.isEmpty()) {
            printError(u"cannot tell which commit %1 runs: no artifact of repository '%2' is deployed there with a known commit, and it has no git branch"_s
                           .arg(environment, repositoryName));
            return std::unexpected(Failed);
        }
        if (artifactsByCommit.size() > 1) {
            QStringList parts;
            for (auto it = artifactsByCommit.begin(); it != artifactsByCommit.end(); ++it)
                parts.append(u"%1 at %2"_s.arg(it.value().join(u", "_s), it.key().left(7)));
            printError(u"the artifacts in %1 run different commits (%2); choose one with --artifact"_s.arg(environment,
                                                                                                           parts.join(u"; "_s)));
            return std::unexpected(UsageError);
        }
        side.commit = artifactsByCommit.firstKey();
    }
    if (auto info = repository.commit(side.commit))
        side.subject = info->subject;
    return side;
}

} // namespace

QJsonObject ComparedSide::toJson() const
{
    return QJsonObject{{u"environment"_s, environment}, {u"commit"_s, commit}, {u"version"_s, version}};
}

std::expected<Comparison, int> resolveComparison(const QString &workspaceFile, const QString &src, const QString &dst,
                                                 const QString &artifactName)
{
    auto workspace = loadWorkspaceOrReport(workspaceFile);
    if (!workspace)
        return std::unexpected(UsageError);
    for (const QString &environment : {src, dst}) {
        if (!workspace->environment(environment)) {
            printError(u"unknown environment '%1' (the workspace has: %2)"_s.arg(environment, environmentNames(*workspace)));
            return std::unexpected(UsageError);
        }
    }

    Comparison comparison;
    comparison.artifact = artifactName;
    QString repositoryName;
    if (!artifactName.isEmpty()) {
        const config::Artifact *artifact = workspace->artifact(artifactName);
        if (!artifact) {
            printError(u"unknown artifact '%1'"_s.arg(artifactName));
            return std::unexpected(UsageError);
        }
        if (artifact->repository.isEmpty()) {
            printError(u"artifact '%1' names no git repository, so it has no code to compare"_s.arg(artifactName));
            return std::unexpected(UsageError);
        }
        repositoryName = artifact->repository;
        if (!artifact->path.isEmpty())
            comparison.paths.append(artifact->path);
    } else {
        QSet<QString> names;
        for (const config::Artifact &artifact : workspace->artifacts) {
            if (!artifact.repository.isEmpty())
                names.insert(artifact.repository);
        }
        if (names.isEmpty()) {
            printError(u"no artifact names a git repository, so there is no code to compare"_s);
            return std::unexpected(UsageError);
        }
        if (names.size() > 1) {
            QStringList sorted = names.values();
            sorted.sort();
            printError(u"the artifacts live in different repositories (%1); choose one with --artifact"_s.arg(sorted.join(u", "_s)));
            return std::unexpected(UsageError);
        }
        repositoryName = *names.begin();
    }
    auto path = localRepository(*workspace, repositoryName);
    if (!path)
        return std::unexpected(path.error());
    comparison.repositoryPath = *path;

    const release::EnvironmentMatrix matrix = release::loadEnvironmentMatrix(*workspace);
    if (!artifactName.isEmpty()) {
        const auto row = std::find_if(matrix.rows.begin(), matrix.rows.end(),
                                      [&](const release::MatrixRow &r) { return r.artifact == artifactName; });
        auto srcSide = artifactSide(matrix, *row, src);
        if (!srcSide)
            return std::unexpected(srcSide.error());
        auto dstSide = artifactSide(matrix, *row, dst);
        if (!dstSide)
            return std::unexpected(dstSide.error());
        comparison.src = *srcSide;
        comparison.dst = *dstSide;
        return comparison;
    }
    auto repository = git::Repository::open(*path);
    if (!repository) {
        printError(repository.error().toString());
        return std::unexpected(Failed);
    }
    auto srcSide = repositorySide(*workspace, matrix, *repository, repositoryName, src);
    if (!srcSide)
        return std::unexpected(srcSide.error());
    auto dstSide = repositorySide(*workspace, matrix, *repository, repositoryName, dst);
    if (!dstSide)
        return std::unexpected(dstSide.error());
    comparison.src = *srcSide;
    comparison.dst = *dstSide;
    return comparison;
}

} // namespace rd::cli
