-- Chunk $chunk of $chunks of row_hashes (ingest/valid_row_hashes.sql): equal hashes fall in the
-- same chunk, so each chunk's copies are counted alone. Params: $chunks, $chunk.
select row_hash
from row_hashes
where row_hash % $chunks = $chunk
