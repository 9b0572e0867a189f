// SPDX-License-Identifier: GPL-3.0-or-later
#include "diff.h"

#include "libgit2.h"
#include "packreader.h"
#include "patchwriter.h"
#include "similarity.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QSet>
#include <qplatformdefs.h>
#include <QtEndian>
#include <git2/sys/repository.h>
#include <string>

using namespace Qt::StringLiterals;

namespace rd::git {

using namespace detail;

namespace {

Result<TreePtr> commitTree(git_repository *repo, const QString &revision)
{
    auto tree = peelRevision(repo, revision, GIT_OBJECT_TREE);
    if (!tree)
        return std::unexpected(tree.error());
    return TreePtr(reinterpret_cast<git_tree *>(tree->release()));
}

// git's default abbreviation (core.abbrev unset): 7 hex digits, or more when the packs hold
// many objects (half the bits of the packed object count, rounded up). Loose objects do not
// count, as in git's repo_approximate_object_count().
int defaultAbbrev(git_repository *repo)
{
    const QDir packs(QFile::decodeName(git_repository_commondir(repo)) + u"objects/pack"_s);
    quint64 count = 0;
    for (const QString &name : packs.entryList({u"*.idx"_s}, QDir::Files)) {
        QFile idx(packs.filePath(name));
        if (!idx.open(QIODevice::ReadOnly))
            continue;
        const QByteArray head = idx.read(8 + 256 * 4);
        if (head.size() != 8 + 256 * 4 || !head.startsWith("\377tOc"))
            continue;
        count += qFromBigEndian<quint32>(head.constData() + 8 + 255 * 4);
    }
    int bits = 0;
    while (count) {
        ++bits;
        count >>= 1;
    }
    return std::max(7, (bits + 1) / 2);
}

QString statusNameOf(ChangeStatus status)
{
    switch (status) {
    case ChangeStatus::Added: return u"added"_s;
    case ChangeStatus::Deleted: return u"deleted"_s;
    case ChangeStatus::Modified: return u"modified"_s;
    case ChangeStatus::Renamed: return u"renamed"_s;
    case ChangeStatus::Copied: return u"copied"_s;
    case ChangeStatus::TypeChange: return u"typechange"_s;
    }
    return {};
}

} // namespace

QString changeStatusName(ChangeStatus status)
{
    return statusNameOf(status);
}

QChar changeStatusLetter(ChangeStatus status)
{
    switch (status) {
    case ChangeStatus::Added: return u'A';
    case ChangeStatus::Deleted: return u'D';
    case ChangeStatus::Modified: return u'M';
    case ChangeStatus::Renamed: return u'R';
    case ChangeStatus::Copied: return u'C';
    case ChangeStatus::TypeChange: return u'T';
    }
    return u'?';
}

namespace {

// git's unique abbreviations of object ids, remembered per diff.
struct Abbreviator
{
    git_odb *odb = nullptr;
    int abbrev = 7;
    QHash<QByteArray, QByteArray> known; // full hex → abbreviation

    // The shortest prefix of `hex`, at least `abbrev` long, no other object shares.
    QByteArray abbreviate(const QByteArray &hex)
    {
        if (hex.count('0') == hex.size())
            return hex.left(abbrev);
        auto it = known.constFind(hex);
        if (it != known.constEnd())
            return *it;
        git_oid full;
        git_oid_fromstrn(&full, hex.constData(), size_t(hex.size()));
        int length = abbrev;
        for (; length < hex.size(); ++length) {
            git_oid out;
            if (git_odb_exists_prefix(&out, odb, &full, size_t(length)) != GIT_EAMBIGUOUS)
                break;
        }
        return *known.insert(hex, hex.left(length));
    }
};

} // namespace

struct Diff::Handle
{
    RepositoryPtr repo; // declared first: the diff refers to it and must go first
    OdbPtr odb;
    DiffPtr diff;
    mutable Abbreviator abbreviator;
    mutable std::string printBuffer; // see PrintContext
    quint32 contextLines = 3;

    // The patch of file `index`. git shows a change of type between a file and a symlink as
    // the deletion of one and the addition of the other, so that case gives two patches.
    // `context` < 0: the diff's own number of context lines.
    Result<std::vector<PatchPtr>> patches(qsizetype index, int context = -1) const
    {
        std::vector<PatchPtr> result;
        const git_diff_delta *delta = git_diff_get_delta(diff.get(), size_t(index));
        if (context >= 0 && quint32(context) != contextLines && delta->status != GIT_DELTA_TYPECHANGE
            && delta->old_file.mode != GIT_FILEMODE_COMMIT && delta->new_file.mode != GIT_FILEMODE_COMMIT) {
            // Another amount of context: the same blobs compared again (the diff's options fix its own).
            git_diff_options options = GIT_DIFF_OPTIONS_INIT;
            options.context_lines = quint32(context);
            BlobPtr blobs[2];
            for (const bool old : {true, false}) {
                const git_diff_file &file = old ? delta->old_file : delta->new_file;
                if (git_oid_is_zero(&file.id))
                    continue; // added or deleted: that side is empty
                git_blob *rawBlob = nullptr;
                if (const int rc = git_blob_lookup(&rawBlob, repo.get(), &file.id); rc < 0)
                    return std::unexpected(lastError(rc, u"cannot read %1"_s.arg(QString::fromUtf8(file.path))));
                blobs[old ? 0 : 1].reset(rawBlob);
            }
            git_patch *raw = nullptr;
            if (const int rc = git_patch_from_blobs(&raw, blobs[0].get(), delta->old_file.path, blobs[1].get(),
                                                    delta->new_file.path, &options);
                rc < 0)
                return std::unexpected(lastError(rc, u"cannot compute the changes of %1"_s.arg(QString::fromUtf8(delta->new_file.path))));
            result.emplace_back(raw);
            return result;
        }
        if (delta->status == GIT_DELTA_TYPECHANGE && delta->old_file.mode != GIT_FILEMODE_COMMIT
            && delta->new_file.mode != GIT_FILEMODE_COMMIT) {
            git_diff_options options = GIT_DIFF_OPTIONS_INIT;
            options.context_lines = contextLines;
            for (const bool old : {true, false}) {
                const git_diff_file &file = old ? delta->old_file : delta->new_file;
                git_blob *rawBlob = nullptr;
                if (const int rc = git_blob_lookup(&rawBlob, repo.get(), &file.id); rc < 0)
                    return std::unexpected(lastError(rc, u"cannot read %1"_s.arg(QString::fromUtf8(file.path))));
                BlobPtr blob(rawBlob);
                git_patch *raw = nullptr;
                const int rc = old ? git_patch_from_blobs(&raw, blob.get(), file.path, nullptr, nullptr, &options)
                                   : git_patch_from_blobs(&raw, nullptr, nullptr, blob.get(), file.path, &options);
                if (rc < 0)
                    return std::unexpected(lastError(rc, u"cannot compute the changes of %1"_s.arg(QString::fromUtf8(file.path))));
                result.emplace_back(raw);
            }
            return result;
        }
        git_patch *raw = nullptr;
        if (const int rc = git_patch_from_diff(&raw, diff.get(), size_t(index)); rc < 0)
            return std::unexpected(lastError(rc, u"cannot compute the changes of a file"_s));
        result.emplace_back(raw);
        return result;
    }
};

Diff::Diff(std::unique_ptr<Handle> handle)
    : m_handle(std::move(handle))
{
}
Diff::Diff(Diff &&) noexcept = default;
Diff &Diff::operator=(Diff &&) noexcept = default;
Diff::~Diff() = default;

namespace {

Result<RepositoryPtr> openRepository(const QString &repositoryPath)
{
    git_repository *raw = nullptr;
    if (const int rc = git_repository_open_ext(&raw, QFile::encodeName(repositoryPath).constData(),
                                               GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr);
        rc < 0)
        return std::unexpected(lastError(rc, u"cannot open git repository %1"_s.arg(repositoryPath)));
    return RepositoryPtr(raw);
}

// The changes between the two commits in `repo`, file by file (renames come after, see
// findRenames).
Result<DiffPtr> treeDiff(git_repository *repo, const QString &oldCommit, const QString &newCommit,
                         const DiffOptions &options)
{
    auto oldTree = commitTree(repo, oldCommit);
    if (!oldTree)
        return std::unexpected(oldTree.error());
    auto newTree = commitTree(repo, newCommit);
    if (!newTree)
        return std::unexpected(newTree.error());

    git_diff_options diffOptions = GIT_DIFF_OPTIONS_INIT;
    diffOptions.context_lines = quint32(std::max(0, options.contextLines));
    // Full ids in headers; Diff::writePatch abbreviates them the way git does.
    diffOptions.id_abbrev = GIT_OID_SHA1_HEXSIZE;
    // A file that became a symlink (or a submodule) is one change of type, as git reports it.
    diffOptions.flags |= GIT_DIFF_INCLUDE_TYPECHANGE;
    std::vector<QByteArray> specBytes;
    std::vector<char *> specPointers;
    for (const QString &path : options.paths) {
        QString clean = QDir::cleanPath(path);
        if (clean.isEmpty() || clean == u"."_s)
            continue;
        specBytes.push_back(clean.toUtf8());
    }
    for (QByteArray &bytes : specBytes)
        specPointers.push_back(bytes.data());
    diffOptions.pathspec.strings = specPointers.data();
    diffOptions.pathspec.count = specPointers.size();

    git_diff *rawDiff = nullptr;
    if (const int rc = git_diff_tree_to_tree(&rawDiff, repo, oldTree->get(), newTree->get(), &diffOptions); rc < 0)
        return std::unexpected(lastError(rc, u"cannot compare %1 with %2"_s.arg(oldCommit.left(12), newCommit.left(12))));
    return DiffPtr(rawDiff);
}

// Pairs removed and added files into renames, as `git diff` does by default. The paths stay
// the ones the tree diff found.
Result<void> findRenames(git_diff *diff, const DiffOptions &options)
{
    if (!options.detectRenames)
        return {};
    git_diff_find_options find = GIT_DIFF_FIND_OPTIONS_INIT;
    find.flags = GIT_DIFF_FIND_RENAMES;
    find.rename_threshold = 50;
    find.rename_limit = 1000; // git's diff.renameLimit default
    find.metric = gitSimilarityMetric();
    if (const int rc = git_diff_find_similar(diff, &find); rc < 0)
        return std::unexpected(lastError(rc, u"cannot detect renamed files"_s));
    return {};
}

// Whether a .gitattributes in the working tree of `repo` applies to a file of `diff`: one in
// the folder of a changed path or in any folder above it. (The index does not count: see
// ignoreIndexAttributes.)
bool worktreeAttributesApply(git_repository *repo, const git_diff *diff)
{
    const QByteArray workdir = git_repository_workdir(repo);
    QSet<QByteArray> folders;
    const size_t count = git_diff_num_deltas(diff);
    for (size_t i = 0; i < count; ++i) {
        const git_diff_delta *delta = git_diff_get_delta(diff, i);
        for (const char *path : {delta->old_file.path, delta->new_file.path}) {
            QByteArrayView folder(path);
            while (true) {
                const qsizetype slash = folder.lastIndexOf('/');
                folder = slash < 0 ? QByteArrayView() : folder.first(slash);
                if (folders.contains(folder.toByteArray()))
                    break;
                folders.insert(folder.toByteArray());
                if (folder.isEmpty())
                    break;
            }
        }
    }
    for (const QByteArray &folder : std::as_const(folders)) {
        const QByteArray file = folder.isEmpty() ? QByteArray(".gitattributes") : folder + "/.gitattributes";
        QT_STATBUF info;
        if (QT_LSTAT(QByteArray(workdir + file).constData(), &info) == 0)
            return true;
    }
    return false;
}

// git reads the attributes of a diff between two commits from the working tree alone, where
// libgit2 falls back to the index for a folder without one: an empty index makes them agree.
void ignoreIndexAttributes(git_repository *repo)
{
    git_index *empty = nullptr;
    if (git_index_new(&empty) == 0) {
        git_repository_set_index(repo, empty);
        git_index_free(empty); // the repository holds its own reference
    }
}

// Reads of packed objects go through a PackReader first (see packreader.h for why).
void readPacksThroughPackReader(git_repository *repo)
{
    git_odb *odb = nullptr;
    if (git_repository_odb(&odb, repo) < 0)
        return;
    installPackReader(odb, QFile::decodeName(git_repository_commondir(repo)) + u"objects"_s);
    git_odb_free(odb);
}

} // namespace

Result<Diff> Diff::between(const QString &repositoryPath, const QString &oldCommit, const QString &newCommit,
                           const DiffOptions &options)
{
    ensureInitialised();
    auto repo = openRepository(repositoryPath);
    if (!repo)
        return std::unexpected(repo.error());
    auto handle = std::make_unique<Handle>();
    handle->contextLines = quint32(std::max(0, options.contextLines));

    // In a repository with a working tree, libgit2 looks for .gitattributes in the working tree
    // for every file it reads (a realpath() and a stat per folder each time), which was about a
    // sixth of `diff --patch` on a big change. The same repository opened bare skips that;
    // where no working-tree .gitattributes applies to any file of the change (renames only
    // pair files the tree diff found), both handles give the same diff, so the bare one is
    // kept. Linked worktrees keep the plain handle (their HEAD and index live apart from the
    // common directory).
    if (!git_repository_is_bare(repo->get()) && !git_repository_is_worktree(repo->get())) {
        git_repository *rawBare = nullptr;
        if (git_repository_open_bare(&rawBare, git_repository_path(repo->get())) == 0) {
            RepositoryPtr bare(rawBare);
            ignoreIndexAttributes(bare.get());
            readPacksThroughPackReader(bare.get());
            auto diff = treeDiff(bare.get(), oldCommit, newCommit, options);
            if (!diff)
                return std::unexpected(diff.error());
            if (!worktreeAttributesApply(repo->get(), diff->get())) {
                handle->repo = std::move(bare);
                handle->diff = std::move(*diff);
            }
        }
    }
    if (!handle->diff) {
        if (!git_repository_is_bare(repo->get()))
            ignoreIndexAttributes(repo->get());
        readPacksThroughPackReader(repo->get());
        auto diff = treeDiff(repo->get(), oldCommit, newCommit, options);
        if (!diff)
            return std::unexpected(diff.error());
        handle->repo = std::move(*repo);
        handle->diff = std::move(*diff);
    }
    if (auto renamed = findRenames(handle->diff.get(), options); !renamed)
        return std::unexpected(renamed.error());

    git_odb *rawOdb = nullptr;
    if (const int rc = git_repository_odb(&rawOdb, handle->repo.get()); rc < 0)
        return std::unexpected(lastError(rc, u"cannot read the objects of %1"_s.arg(repositoryPath)));
    handle->odb.reset(rawOdb);
    handle->abbreviator = Abbreviator{rawOdb, defaultAbbrev(handle->repo.get()), {}};
    return Diff(std::move(handle));
}

qsizetype Diff::size() const
{
    return qsizetype(git_diff_num_deltas(m_handle->diff.get()));
}

namespace {

FileChange toFileChange(const git_diff_delta *delta)
{
    FileChange change;
    change.rawOldPath = QByteArray(delta->old_file.path);
    change.rawPath = QByteArray(delta->new_file.path);
    switch (delta->status) {
    case GIT_DELTA_ADDED: change.status = ChangeStatus::Added; break;
    case GIT_DELTA_DELETED: change.status = ChangeStatus::Deleted; break;
    case GIT_DELTA_RENAMED: change.status = ChangeStatus::Renamed; break;
    case GIT_DELTA_COPIED: change.status = ChangeStatus::Copied; break;
    case GIT_DELTA_TYPECHANGE: change.status = ChangeStatus::TypeChange; break;
    default: change.status = ChangeStatus::Modified; break;
    }
    if (change.status == ChangeStatus::Deleted)
        change.rawPath = change.rawOldPath;
    if (change.status != ChangeStatus::Renamed && change.status != ChangeStatus::Copied)
        change.rawOldPath.clear();
    change.path = QString::fromUtf8(change.rawPath);
    change.oldPath = QString::fromUtf8(change.rawOldPath);
    change.similarity = int(delta->similarity);
    change.oldMode = delta->status == GIT_DELTA_ADDED ? 0 : quint32(delta->old_file.mode);
    change.newMode = delta->status == GIT_DELTA_DELETED ? 0 : quint32(delta->new_file.mode);
    change.submodule = change.oldMode == GIT_FILEMODE_COMMIT || change.newMode == GIT_FILEMODE_COMMIT;
    change.binary = delta->flags & GIT_DIFF_FLAG_BINARY;
    change.oldSize = qint64(delta->old_file.size);
    change.newSize = qint64(delta->new_file.size);
    return change;
}

// The file of `delta` with the line counts of its patches.
Result<FileChange> statsOf(const git_diff_delta *delta, const std::vector<PatchPtr> &patches)
{
    FileChange change = toFileChange(delta);
    for (const PatchPtr &patch : patches) {
        size_t additions = 0;
        size_t deletions = 0;
        if (const int rc = git_patch_line_stats(nullptr, &additions, &deletions, patch.get()); rc < 0)
            return std::unexpected(lastError(rc, u"cannot count the changes of %1"_s.arg(change.path)));
        change.insertions += int(additions);
        change.deletions += int(deletions);
        const git_diff_delta *patchDelta = git_patch_get_delta(patch.get());
        if (patchDelta->flags & GIT_DIFF_FLAG_BINARY)
            change.binary = true;
    }
    return change;
}

} // namespace

FileChange Diff::file(qsizetype index) const
{
    return toFileChange(git_diff_get_delta(m_handle->diff.get(), size_t(index)));
}

Result<FileChange> Diff::fileWithStats(qsizetype index) const
{
    auto patches = m_handle->patches(index);
    if (!patches)
        return std::unexpected(patches.error());
    return statsOf(git_diff_get_delta(m_handle->diff.get(), size_t(index)), *patches);
}

Result<FileChange> Diff::forEachLine(qsizetype index, const std::function<bool(const DiffHunk &)> &onHunk,
                                     const std::function<bool(const DiffLine &)> &onLine, int contextLines) const
{
    auto patches = m_handle->patches(index, contextLines);
    if (!patches)
        return std::unexpected(patches.error());
    auto stats = statsOf(git_diff_get_delta(m_handle->diff.get(), size_t(index)), *patches);
    if (!stats)
        return stats;
    for (const PatchPtr &patch : *patches) {
        const size_t hunks = git_patch_num_hunks(patch.get());
        for (size_t h = 0; h < hunks; ++h) {
            const git_diff_hunk *hunk = nullptr;
            size_t lines = 0;
            if (const int rc = git_patch_get_hunk(&hunk, &lines, patch.get(), h); rc < 0)
                return std::unexpected(lastError(rc, u"cannot read a hunk"_s));
            if (onHunk && !onHunk(DiffHunk{hunk->old_start, hunk->old_lines, hunk->new_start, hunk->new_lines,
                                           QByteArrayView(hunk->header, qsizetype(hunk->header_len))}))
                return stats;
            for (size_t l = 0; l < lines; ++l) {
                const git_diff_line *line = nullptr;
                if (const int rc = git_patch_get_line_in_hunk(&line, patch.get(), h, l); rc < 0)
                    return std::unexpected(lastError(rc, u"cannot read a line"_s));
                DiffLine out;
                out.oldLine = line->old_lineno;
                out.newLine = line->new_lineno;
                out.content = QByteArrayView(line->content, qsizetype(line->content_len));
                switch (line->origin) {
                case GIT_DIFF_LINE_ADDITION: out.origin = '+'; break;
                case GIT_DIFF_LINE_DELETION: out.origin = '-'; break;
                case GIT_DIFF_LINE_CONTEXT: out.origin = ' '; break;
                default: out.origin = '\\'; break; // the three "no newline at end of file" kinds
                }
                if (onLine && !onLine(out))
                    return stats;
            }
        }
    }
    return stats;
}

namespace {

// A file's patch is gathered here and handed to the sink in pieces of about this size: one
// sink call per line would cost more than the printing itself.
constexpr qsizetype PrintBufferBytes = 64 * 1024;

struct PrintContext
{
    Abbreviator *abbreviator = nullptr;
    const std::function<void(QByteArrayView)> *sink = nullptr;
    QByteArray header;        // printed instead of libgit2's file header, when set
    bool dropFileLines = false;
    std::string *buffer = nullptr; // the diff's own, reused from file to file

    void write(QByteArrayView bytes)
    {
        buffer->append(bytes.data(), size_t(bytes.size()));
        if (qsizetype(buffer->size()) >= PrintBufferBytes)
            flush();
    }
    void flush()
    {
        if (!buffer->empty())
            (*sink)(QByteArrayView(buffer->data(), qsizetype(buffer->size())));
        buffer->clear(); // keeps its capacity
    }
};

// git prints no "---"/"+++" lines for an added or deleted empty file (there is no hunk).
QByteArray withoutFileLines(QByteArray header)
{
    const qsizetype minus = header.startsWith("--- ") ? 0 : header.indexOf("\n--- ");
    if (minus >= 0)
        header.truncate(minus == 0 ? 0 : minus + 1);
    return header;
}

// libgit2 prints the header with full ids (we asked for them); git abbreviates each to its
// shortest unique prefix of at least core.abbrev digits.
QByteArray abbreviateIndexLine(Abbreviator &abbreviator, QByteArrayView header)
{
    QByteArray text = header.toByteArray();
    const qsizetype at = text.startsWith("index ") ? 0 : text.indexOf("\nindex ");
    if (at < 0)
        return text;
    const qsizetype start = at == 0 ? 6 : at + 7;
    constexpr qsizetype hex = GIT_OID_SHA1_HEXSIZE;
    if (text.size() < start + 2 * hex + 2 || text.mid(start + hex, 2) != "..")
        return text;
    const QByteArray left = abbreviator.abbreviate(text.mid(start, hex));
    const QByteArray right = abbreviator.abbreviate(text.mid(start + hex + 2, hex));
    text.replace(start, 2 * hex + 2, QByteArray(left + ".." + right));
    return text;
}

int printLine(const git_diff_delta *, const git_diff_hunk *, const git_diff_line *line, void *payload)
{
    auto *context = static_cast<PrintContext *>(payload);
    const QByteArrayView content(line->content, qsizetype(line->content_len));
    switch (line->origin) {
    case GIT_DIFF_LINE_FILE_HDR:
        if (!context->header.isEmpty())
            context->write(context->header);
        else if (context->dropFileLines)
            context->write(withoutFileLines(abbreviateIndexLine(*context->abbreviator, content)));
        else
            context->write(abbreviateIndexLine(*context->abbreviator, content));
        return 0;
    case GIT_DIFF_LINE_ADDITION:
    case GIT_DIFF_LINE_DELETION:
    case GIT_DIFF_LINE_CONTEXT: {
        const char origin = char(line->origin);
        context->write(QByteArrayView(&origin, 1));
        break;
    }
    default:
        break;
    }
    context->write(content);
    return 0;
}

} // namespace

Result<FileChange> Diff::writePatch(qsizetype index, const std::function<void(QByteArrayView)> &sink) const
{
    auto patches = m_handle->patches(index);
    if (!patches)
        return std::unexpected(patches.error());
    const git_diff_delta *delta = git_diff_get_delta(m_handle->diff.get(), size_t(index));
    const bool typeChange = patches->size() == 2;
    for (const PatchPtr &patch : *patches) {
        m_handle->printBuffer.clear(); // whatever a failed file left in it is not this file's
        PrintContext context{&m_handle->abbreviator, &sink, {}, false, &m_handle->printBuffer};
        const git_diff_delta *patchDelta = git_patch_get_delta(patch.get());
        if (typeChange) {
            // Blob patches know neither the modes nor git's abbreviations: write the header.
            const bool deleted = patchDelta->status == GIT_DELTA_DELETED;
            const git_diff_file &file = deleted ? delta->old_file : delta->new_file;
            const QByteArray path(file.path);
            const QByteArray id = m_handle->abbreviator.abbreviate(oidToString(file.id).toLatin1());
            const QByteArray zeros(id.size(), '0');
            const QByteArray a = quotePath(QByteArray("a/" + path));
            const QByteArray b = quotePath(QByteArray("b/" + path));
            context.header = "diff --git " + a + ' ' + b + '\n' + (deleted ? "deleted" : "new") + " file mode "
                             + QByteArray::number(file.mode, 8) + "\nindex " + (deleted ? id + ".." + zeros : zeros + ".." + id) + '\n';
            if (git_patch_num_hunks(patch.get()) > 0)
                context.header += "--- " + (deleted ? a : QByteArray("/dev/null")) + "\n+++ " + (deleted ? QByteArray("/dev/null") : b) + '\n';
        } else {
            context.dropFileLines = (delta->status == GIT_DELTA_ADDED || delta->status == GIT_DELTA_DELETED)
                                    && git_patch_num_hunks(patch.get()) == 0 && !(patchDelta->flags & GIT_DIFF_FLAG_BINARY);
        }
        if (const int rc = git_patch_print(patch.get(), printLine, &context); rc < 0)
            return std::unexpected(lastError(rc, u"cannot print the changes of a file"_s));
        context.flush();
    }
    return statsOf(delta, *patches);
}

} // namespace rd::git
