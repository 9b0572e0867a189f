// SPDX-License-Identifier: GPL-3.0-or-later
#include "forge/gitlabforge.h"

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

GitLabForge::GitLabForge(ForgeHttp http, QString project)
    : m_http(std::move(http))
    , m_project(std::move(project))
{
}

QByteArray GitLabForge::requests() const
{
    // group/name travels as one path segment: group%2Fname.
    return "/projects/" + encoded(m_project) + "/merge_requests";
}

Result<PullRequestInfo> GitLabForge::parse(const QJsonObject &object, const QString &what) const
{
    JsonFields fields(object, what, m_http.forgeName());
    PullRequestInfo info;
    info.number = fields.number(u"iid"_s);
    info.url = fields.string(u"web_url"_s, MaxText, true);
    const QString state = fields.string(u"state"_s, 32);
    info.headBranch = fields.string(u"source_branch"_s, 255);
    info.baseBranch = fields.string(u"target_branch"_s, 255);
    info.headSha = fields.string(u"sha"_s, 64, true);
    info.mergeCommit = fields.string(u"merge_commit_sha"_s, 64, true);
    // detailed_merge_status (GitLab ≥ 15.6) says more than the older merge_status.
    const QString detailed = fields.string(u"detailed_merge_status"_s, 64, true);
    const QString status = fields.string(u"merge_status"_s, 64, true);
    if (auto ok = fields.result(); !ok)
        return std::unexpected(ok.error());
    if (state == u"opened")
        info.state = PullRequestInfo::State::Open;
    else if (state == u"merged")
        info.state = PullRequestInfo::State::Merged;
    else if (state == u"closed" || state == u"locked")
        info.state = PullRequestInfo::State::Closed;
    else
        return fail(Error::Domain::Release, u"%1 answered %2 with the unknown merge request state '%3'"_s.arg(m_http.forgeName(), what, state.left(32)));
    if (!detailed.isEmpty()) {
        if (detailed == u"mergeable")
            info.mergeable = true;
        else if (detailed != u"checking" && detailed != u"unchecked" && detailed != u"preparing" && detailed != u"approvals_syncing")
            info.mergeable = false;
    } else if (status == u"can_be_merged") {
        info.mergeable = true;
    } else if (status == u"cannot_be_merged" || status == u"cannot_be_merged_recheck") {
        info.mergeable = false;
    }
    return info;
}

Result<std::optional<PullRequestInfo>> GitLabForge::findOpen(const QString &head, const QString &base)
{
    const QString what = u"the list of open merge requests from %1 into %2"_s.arg(head, base);
    auto response = m_http.send("GET", requests() + "?state=opened&source_branch=" + encoded(head) + "&target_branch=" + encoded(base) + "&per_page=100");
    if (!response)
        return std::unexpected(response.error());
    auto list = expectJson(m_http.forgeName(), *response, {200}, u"listing open merge requests"_s, what, true);
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

Result<PullRequestInfo> GitLabForge::open(const NewPullRequest &request, bool *created)
{
    if (created)
        *created = false;
    const QString action = u"opening a merge request from %1 into %2"_s.arg(request.head, request.base);
    QJsonObject body{{u"source_branch"_s, request.head}, {u"target_branch"_s, request.base}, {u"title"_s, request.title},
                     {u"description"_s, request.body}, {u"remove_source_branch"_s, true}};
    auto response = m_http.send("POST", requests(), jsonBytes(body));
    if (!response)
        return std::unexpected(response.error());
    if (response->status == 409 || response->status == 422) {
        // "Another open merge request already exists for this source branch": a re-run.
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

Result<PullRequestInfo> GitLabForge::get(int number)
{
    const QString action = u"reading merge request !%1"_s.arg(number);
    auto response = m_http.send("GET", requests() + '/' + QByteArray::number(number));
    if (!response)
        return std::unexpected(response.error());
    auto object = expectJson(m_http.forgeName(), *response, {200}, action, action);
    if (!object)
        return std::unexpected(object.error());
    return parse(object->toObject(), action);
}

Result<PullRequestInfo> GitLabForge::merge(int number, const QString &expectedHeadSha)
{
    const QString action = u"merging merge request !%1"_s.arg(number);
    auto response = m_http.send("PUT", requests() + '/' + QByteArray::number(number) + "/merge",
                                jsonBytes(QJsonObject{{u"sha"_s, expectedHeadSha}}));
    if (!response)
        return std::unexpected(response.error());
    if (response->status == 409)
        return fail(Error::Domain::Release, u"%1 refused to merge merge request !%2: its head is no longer at %3 (HTTP 409)"_s.arg(m_http.forgeName()).arg(number).arg(expectedHeadSha.left(12)));
    if (response->status == 405 || response->status == 406 || response->status == 422)
        return std::unexpected(statusError(m_http.forgeName(), response->status, response->body, action + u" (not mergeable: conflicts, approvals, pipeline or draft)"_s));
    auto object = expectJson(m_http.forgeName(), *response, {200}, action, action);
    if (!object)
        return std::unexpected(object.error());
    auto info = parse(object->toObject(), action);
    if (!info)
        return info;
    if (info->state != PullRequestInfo::State::Merged)
        return fail(Error::Domain::Release, u"%1 answered %2 without merging it (its state is not 'merged'); it may merge later, when its pipeline passes"_s.arg(m_http.forgeName(), action));
    return info;
}

Result<void> GitLabForge::close(int number)
{
    const QString action = u"closing merge request !%1"_s.arg(number);
    auto response = m_http.send("PUT", requests() + '/' + QByteArray::number(number), jsonBytes(QJsonObject{{u"state_event"_s, u"close"_s}}));
    if (!response)
        return std::unexpected(response.error());
    if (response->status != 200)
        return std::unexpected(statusError(m_http.forgeName(), response->status, response->body, action));
    return {};
}

} // namespace rd::forge
