"""Instructor tooling for the course on Donelli's article about Rwanda's military diplomacy.

Run ``python -m course --help`` for the commands.
"""
