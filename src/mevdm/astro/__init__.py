"""astro"""
