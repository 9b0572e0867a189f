// SPDX-License-Identifier: GPL-3.0-or-later
#include "forge/githubforge.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace rd::forge {

namespace {
constexpr qsizetype MaxText = 1024;
QByteArray encoded(const QString &text) { return QUrl::toPercentEncoding(text); }
QByteArray jsonBytes(const QJsonObject &object) { return QJsonDocument(object).toJson(QJsonDocument::Compact); }
} // namespace

GitHubForge::GitHubForge(ForgeHttp http, QString project)
    : m_http(std::move(http))
    , m_project(std::move(project))
{
}

QByteArray GitHubForge::pulls() const
{
    const qsizetype slash = m_project.indexOf(u'/');
    return "/repos/" + encoded(m_project.left(slash)) + '/' + encoded(m_project.mid(slash + 1)) + "/pulls";
}

Result<PullRequestInfo> GitHubForge::parse(const QJsonObject &object, const QString &what) const
{
    JsonFields fields(object, what, m_http.forgeName());
    PullRequestInfo info;
    info.number = fields.number(u"number"_s);
    info.url = fields.string(u"html_url"_s, MaxText, true);
    const QString state = fields.string(u"state"_s, 32);
    const std::optional<bool> merged = fields.optionalBool(u"merged"_s);
    const bool mergedAt = !fields.string(u"merged_at"_s, 64, true).isEmpty();
    info.mergeable = fields.optionalBool(u"mergeable"_s);
    JsonFields head = fields.object(u"head"_s);
    info.headBranch = head.string(u"ref"_s, 255);
    info.headSha = head.string(u"sha"_s, 64);
    info.baseBranch = fields.object(u"base"_s).string(u"ref"_s, 255);
    info.mergeCommit = fields.string(u"merge_commit_sha"_s, 64, true);
    if (auto ok = fields.result(); !ok)
        return std::unexpected(ok.error());
    if (state == u"open")
        info.state = PullRequestInfo::State::Open;
    else if (state == u"closed")
        info.state = merged.value_or(false) || mergedAt ? PullRequestInfo::State::Merged : PullRequestInfo::State::Closed;
    else
        return fail(Error::Domain::Release, u"%1 answered %2 with the unknown pull request state '%3'"_s.arg(m_http.forgeName(), what, state.left(32)));
    return info;
}

Result<std::optional<PullRequestInfo>> GitHubForge::findOpen(const QString &head, const QString &base)
{
    const QString owner = m_project.left(m_project.indexOf(u'/'));
    const QString what = u"the list of open pull requests from %1 into %2"_s.arg(head, base);
    auto response = m_http.send("GET", pulls() + "?state=open&head=" + encoded(owner + u':' + head) + "&base=" + encoded(base) + "&per_page=100");
    if (!response)
        return std::unexpected(response.error());
    auto list = expectJson(m_http.forgeName(), *response, {200}, u"listing open pull requests"_s, what, true);
    if (!list)
        return std::unexpected(list.error());
    for (const QJsonValue &item : list->toArray()) {
        if (!item.isObject())
            return fail(Error::Domain::Release, u"%1 answered %2 with an item that is not an object"_s.arg(m_http.forgeName(), what));
        auto info = parse(item.toObject(), what);
        if (!info)
            return std::unexpected(info.error());
        if (info->headBranch == head && info->baseBranch == base && info->state == PullRequestInfo::State::Open)
            return std::optional<PullRequestInfo>(*info);
    }
    return std::optional<PullRequestInfo>();
}

Result<PullRequestInfo> GitHubForge::open(const NewPullRequest &request, bool *created)
{
    if (created)
        *created = false;
    const QString action = u"opening a pull request from %1 into %2"_s.arg(request.head, request.base);
    QJsonObject body{{u"title"_s, request.title}, {u"head"_s, request.head}, {u"base"_s, request.base},
                     {u"body"_s, request.body}, {u"maintainer_can_modify"_s, false}};
    auto response = m_http.send("POST", pulls(), jsonBytes(body));
    if (!response)
        return std::unexpected(response.error());
    if (response->status == 422) {
        // "A pull request already exists for owner:head": a re-run of the same promotion.
        auto existing = findOpen(request.head, request.base);
        if (existing && existing->has_value())
            return **existing;
        return std::unexpected(statusError(m_http.forgeName(), response->status, response->body, action));
    }
    auto object = expectJson(m_http.forgeName(), *response, {201, 200}, action, action);
    if (!object)
        return std::unexpected(object.error());
    auto info = parse(object->toObject(), action);
    if (info && created)
        *created = true;
    return info;
}

Result<PullRequestInfo> GitHubForge::get(int number)
{
    const QString action = u"reading pull request #%1"_s.arg(number);
    auto response = m_http.send("GET", pulls() + '/' + QByteArray::number(number));
    if (!response)
        return std::unexpected(response.error());
    auto object = expectJson(m_http.forgeName(), *response, {200}, action, action);
    if (!object)
        return std::unexpected(object.error());
    return parse(object->toObject(), action);
}

Result<PullRequestInfo> GitHubForge::merge(int number, const QString &expectedHeadSha)
{
    const QString action = u"merging pull request #%1"_s.arg(number);
    QJsonObject body{{u"sha"_s, expectedHeadSha}, {u"merge_method"_s, u"merge"_s}};
    auto response = m_http.send("PUT", pulls() + '/' + QByteArray::number(number) + "/merge", jsonBytes(body));
    if (!response)
        return std::unexpected(response.error());
    if (response->status == 409)
        return fail(Error::Domain::Release, u"%1 refused to merge pull request #%2: its head is no longer at %3 (HTTP 409)"_s.arg(m_http.forgeName()).arg(number).arg(expectedHeadSha.left(12)));
    if (response->status == 405)
        return std::unexpected(statusError(m_http.forgeName(), response->status, response->body, action + u" (not mergeable: conflicts, required reviews or checks)"_s));
    auto object = expectJson(m_http.forgeName(), *response, {200}, action, action);
    if (!object)
        return std::unexpected(object.error());
    JsonFields fields(object->toObject(), action, m_http.forgeName());
    const std::optional<bool> merged = fields.optionalBool(u"merged"_s);
    const QString sha = fields.string(u"sha"_s, 64, true);
    if (auto ok = fields.result(); !ok)
        return std::unexpected(ok.error());
    if (!merged.value_or(false))
        return std::unexpected(statusError(m_http.forgeName(), 200, response->body, action + u" (it answered that nothing was merged)"_s));
    // Merged: that is the truth now, whatever a further read would say or fail to say.
    PullRequestInfo info;
    info.number = number;
    info.state = PullRequestInfo::State::Merged;
    info.headSha = expectedHeadSha;
    info.mergeCommit = sha;
    return info;
}

Result<void> GitHubForge::close(int number)
{
    const QString action = u"closing pull request #%1"_s.arg(number);
    auto response = m_http.send("PATCH", pulls() + '/' + QByteArray::number(number), jsonBytes(QJsonObject{{u"state"_s, u"closed"_s}}));
    if (!response)
        return std::unexpected(response.error());
    if (response->status != 200)
        return std::unexpected(statusError(m_http.forgeName(), response->status, response->body, action));
    return {};
}

} // namespace rd::forge
