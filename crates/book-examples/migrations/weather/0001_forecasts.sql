-- The weather cache of the pool-and-migrations page's worked example.
CREATE TABLE forecasts (
    city TEXT PRIMARY KEY,
    celsius DOUBLE PRECISION NOT NULL
);
