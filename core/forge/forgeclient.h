// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/workspace.h"
#include "util/error.h"

#include <QString>
#include <memory>
#include <optional>

// Pull requests (GitHub) and merge requests (GitLab) through the forges' REST APIs: how a
// protected environment's branch is changed instead of a direct push. Calls block; they are
// made from the worker thread a plan step runs on, and a client is used by one thread at a
// time. The token is read from its secret reference when the client is made and sent only to
// the configured API's origin.
namespace rd::forge {

struct PullRequestInfo
{
    int number = 0;            // GitHub's number, GitLab's iid
    QString url;               // the page people open (html_url / web_url), may be empty
    enum class State { Open, Closed, Merged };
    State state = State::Open;
    QString headBranch;
    QString baseBranch;
    QString headSha;           // the commit the request's head branch is at
    // Whether the forge says it can be merged now; nullopt while it is still working that out.
    std::optional<bool> mergeable;
    QString mergeCommit;       // after a merge, when the forge says
};

struct NewPullRequest
{
    QString head;              // the branch with the change (releasedeck/prod/api-v1.6.0)
    QString base;              // the environment branch it goes into
    QString title;
    QString body;
};

class ForgeClient
{
public:
    virtual ~ForgeClient() = default;

    // "pull request" or "merge request", as this forge calls them.
    virtual QString term() const = 0;
    // "#12" or "!12".
    virtual QString reference(int number) const = 0;

    // The open request from `head` into `base`, if there is one.
    [[nodiscard]] virtual Result<std::optional<PullRequestInfo>> findOpen(const QString &head, const QString &base) = 0;
    // Opens a request; when the forge answers that one already exists for `head`, that one is
    // looked up and returned instead (`created` is then false).
    [[nodiscard]] virtual Result<PullRequestInfo> open(const NewPullRequest &request, bool *created) = 0;
    [[nodiscard]] virtual Result<PullRequestInfo> get(int number) = 0;
    // Merges request `number` only if its head is still at `expectedHeadSha`: a head that moved
    // meanwhile is refused by the forge, and so here.
    [[nodiscard]] virtual Result<PullRequestInfo> merge(int number, const QString &expectedHeadSha) = 0;
    // Closes it without merging.
    [[nodiscard]] virtual Result<void> close(int number) = 0;
};

// The client for environment `environment`'s `pull_request:` settings; reads the token now.
[[nodiscard]] Result<std::unique_ptr<ForgeClient>> openForge(const config::PullRequest &settings, const QString &environment);

// "GitHub" / "GitLab".
QString forgeName(config::PullRequest::Forge forge);

} // namespace rd::forge
