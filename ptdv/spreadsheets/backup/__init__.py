"""Full backup and restore: every data table as JSON Lines plus the files under MEDIA_ROOT, in one .zip."""

from ptdv.spreadsheets.backup.common import BackupError, data_models
from ptdv.spreadsheets.backup.restore import backup_restore, row_count
from ptdv.spreadsheets.backup.write import backup_write

__all__ = ["BackupError", "backup_restore", "backup_write", "data_models", "row_count"]
