-- Drop one partition's load record ($day) before it is loaded again, so a load that
-- fails half-way never leaves a record that matches the rows it replaced.
DELETE FROM partition_load
WHERE partition_date = $day
