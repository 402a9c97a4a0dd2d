#!/usr/bin/env python3
"""Peer for the maritime benchmark: MovingPandas on the same tracks.

Usage: peer_movingpandas.py TRACKS.csv   (written by `maritime-bench --export-csv`)

MovingPandas has no AIS-specific detectors; its closest tools are the observation-gap
splitter (our AIS gap: no report for 6 h) and the stop detector (our loitering: slow for
4 h; a stop is staying within a diameter, here 2 nm x 4 h / 4 = 3.7 km, for 4 h). Timed:
building the trajectories, then the two detectors. Read and parse time is reported apart.
"""
import sys
import time
from datetime import timedelta

import pandas as pd
import geopandas as gpd
import movingpandas as mpd

path = sys.argv[1]
t0 = time.perf_counter()
df = pd.read_csv(path)
df["t"] = pd.to_datetime(df["t"], unit="s")
gdf = gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(df.lon, df.lat), crs="EPSG:4326")
t1 = time.perf_counter()
tc = mpd.TrajectoryCollection(gdf, traj_id_col="mmsi", t="t")
t2 = time.perf_counter()
gaps = mpd.ObservationGapSplitter(tc).split(gap=timedelta(hours=6))
t3 = time.perf_counter()
stops = mpd.TrajectoryStopDetector(tc).get_stop_segments(min_duration=timedelta(hours=4), max_diameter=3700)
t4 = time.perf_counter()
n = len(df)
print(f"movingpandas {mpd.__version__}: {n} positions, {df.mmsi.nunique()} vessels")
print(f"  read+parse {t1 - t0:.2f} s; build trajectories {t2 - t1:.2f} s; gap splitter {t3 - t2:.2f} s "
      f"({len(gaps) - len(tc)} gaps); stop detector {t4 - t3:.2f} s ({len(stops)} stops)")
print(f"  detection total (build + gaps + stops) {t4 - t1:.2f} s = {n / (t4 - t1):,.0f} positions/s")
