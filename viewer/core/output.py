"""Write a file the user named (`--json FILE`, `--pdf FILE`, the window's export) without replacing what
must not be replaced.

- A device, a FIFO or a socket (`/dev/null`, `/dev/stdout`, a named pipe a reader waits on) is written in
  place: renaming a temporary file over it would put a regular file where the device was.
- A regular file is replaced whole, through a temporary file in its folder, so a failure halfway leaves
  the old file as it was. The temporary file is created exclusively (`O_EXCL`, `O_NOFOLLOW`) under a
  random name, so a link planted in the folder by someone else is never followed (a root export could
  otherwise overwrite any file the link points to). The new file keeps the old one's permissions.
- A symbolic link to a file is written through: the file it points to is replaced, the link stays.
- A read-only file is refused with a clear message, even for root (who may write anything): the user
  made it read-only; so are a folder, a broken link, and a missing folder.
Imports: the standard library only.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

__all__ = ["check_output", "write_output"]

TEMP_SUFFIX = ".parallax-tmp"


def check_output(path: Path | str) -> os.stat_result | None:
    """Raise OSError (with a message naming `path`) when `path` cannot or must not be written; else the
    status of what is there now (links followed), None for a new file."""
    target = Path(path)
    try:
        info = target.stat()
    except FileNotFoundError:
        if target.is_symlink():
            raise _error(target, errno.ENOENT, "it is a broken symbolic link") from None
        if not target.parent.is_dir():
            raise _error(target, errno.ENOENT, f"no folder {target.parent}") from None
        if not os.access(target.parent, os.W_OK | os.X_OK):
            raise _error(target, errno.EACCES, f"the folder {target.parent} is not writable") from None
        return None
    except OSError as error:
        raise _error(target, error.errno or errno.EIO, error.strerror or str(error)) from None
    if stat.S_ISDIR(info.st_mode):
        raise _error(target, errno.EISDIR, "it is a folder")
    if stat.S_ISREG(info.st_mode):
        if not info.st_mode & 0o222 or not os.access(target, os.W_OK):
            raise _error(target, errno.EACCES, "it is read-only")
        if not os.access(_real(target).parent, os.W_OK | os.X_OK):
            raise _error(target, errno.EACCES, f"the folder {_real(target).parent} is not writable")
    return info


def write_output(path: Path | str, write: Callable[[BinaryIO], None]) -> None:
    """Call `write(stream)` to produce the content of `path`, written as the module says.

    Raises OSError with a message naming `path`; nothing is left behind on failure.
    """
    target = Path(path)
    info = check_output(target)
    if info is not None and not stat.S_ISREG(info.st_mode):
        _write_in_place(target, write)
        return
    real = _real(target) if info is not None else target
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{real.name}.", suffix=TEMP_SUFFIX, dir=real.parent)
    except OSError as error:
        raise _error(target, error.errno or errno.EIO, error.strerror or str(error)) from None
    try:
        with os.fdopen(fd, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        if info is not None:
            os.chmod(temp, stat.S_IMODE(info.st_mode))
            with contextlib.suppress(OSError):  # only root may give the file back to its owner
                if (info.st_uid, info.st_gid) != (os.geteuid(), os.getegid()):
                    os.chown(temp, info.st_uid, info.st_gid)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp, 0o666 & ~umask)
        os.replace(temp, real)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(error, OSError) and not isinstance(error, _OutputError):
            raise _error(target, error.errno or errno.EIO, error.strerror or str(error)) from error
        raise


def _write_in_place(target: Path, write: Callable[[BinaryIO], None]) -> None:
    try:
        with open(target, "wb") as stream:  # a device or a pipe: no temporary file
            write(stream)
    except OSError as error:
        if isinstance(error, _OutputError):
            raise
        raise _error(target, error.errno or errno.EIO, error.strerror or str(error)) from error


def _real(target: Path) -> Path:
    return Path(os.path.realpath(target)) if target.is_symlink() else target


class _OutputError(OSError):
    def __str__(self) -> str:
        return str(self.strerror)


def _error(target: Path, code: int, reason: str) -> OSError:
    if code == errno.ENOSPC:
        reason = "the disk is full"
    return _OutputError(code, f"cannot write {target}: {reason}")
