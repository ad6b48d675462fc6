-- A CSV line with more fields than the header (the registered frame `ragged`: line_number,
-- field_count, extra_text, width): its first problem, whatever its first fields say, since they
-- may belong to other columns. Updates the temporary table `checked`. No params.
update checked
set
    rejection_reason = 'wrong_field_count',
    rejection_detail = format('line {} has {} fields, the header has {} (the extra: "{}")',
                              ragged.line_number, ragged.field_count, ragged.width, quoted_value(ragged.extra_text)),
    rejection_column = 'line_number',
    rejection_value = quoted_value(ragged.extra_text)
from ragged
where checked.line_number = ragged.line_number;
